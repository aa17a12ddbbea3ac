package io.hydra.web.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.time.Clock;
import io.hydra.store.job.StoredJob;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /editor} and {@code /editor/{name}}: create or change a job as a form or as YAML, checked
 * as the user types. Saving goes to the API ({@code POST /api/v1/jobs} or {@code PUT
 * /api/v1/jobs/{name}}) from the page, so it is validated, authorised and audited there.
 */
public final class EditorPage {

  static final String STARTER =
      """
      name: my-job
      owner: my-team
      schedule:
        cron: "0 2 * * *"
        timezone: Europe/Berlin
      task:
        command: echo "hello for $HYDRA_LOGICAL_DATE"
      """;

  private final Lookup lookup;
  private final DraftCheck check;
  private final Clock clock;
  private final boolean tokens;

  EditorPage(Lookup lookup, DraftCheck check, Clock clock, boolean tokens) {
    this.lookup = lookup;
    this.check = check;
    this.clock = clock;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get("/editor", ctx -> page(ctx, "", STARTER));
    app.get(
        "/editor/{name}",
        ctx -> {
          StoredJob job = lookup.job(ctx, ctx.pathParam("name"));
          page(ctx, job.name(), Yaml.of(job.spec()));
        });
    app.post("/ui/editor/check", this::checkDraft);
    app.post("/ui/editor/yaml", this::yaml);
    app.post("/ui/editor/switch", this::switchMode);
  }

  /** The editable part: mode tabs and either the form or the YAML text. */
  public record Body(String mode, DraftForm form, String yaml) {}

  /** The model of {@code editor.jte}. */
  public record Model(Chrome chrome, String original, Body body) {}

  /** The model of {@code editor_check.jte}. */
  public record Checked(DraftCheck.Result result, String mode) {

    public List<String> slots() {
      return mode.equals("yaml")
          ? List.of("yaml")
          : DraftCheck.SLOTS.stream().filter(s -> !s.equals("yaml")).toList();
    }
  }

  private void page(Context ctx, String original, String yaml) {
    Viewer viewer = Viewer.of(ctx, tokens);
    if (!viewer.canDefine()) {
      throw new ForbiddenResponse(
          "token '"
              + viewer.name()
              + "' has role "
              + viewer.roleName()
              + "; defining jobs needs admin");
    }
    List<FieldError> ignored = new ArrayList<>();
    ObjectNode tree = Drafts.parseYaml(yaml, "yaml", ignored);
    String mode = "yaml".equals(ctx.queryParam("mode")) ? "yaml" : "form";
    String title = original.isEmpty() ? "New job" : "Edit " + original;
    Templates.page(
        ctx,
        "editor.jte",
        new Model(
            Chrome.of(title, viewer, original.isEmpty() ? "new" : "jobs"),
            original,
            new Body(mode, DraftForm.of(tree, yaml), yaml)));
  }

  private void checkDraft(Context ctx) {
    Drafts draft = Drafts.of(ctx);
    Templates.page(
        ctx, "editor_check.jte", new Checked(check.check(draft, previewFrom(ctx)), draft.mode()));
  }

  /** The preview starts now, or where the user asked, to look at a DST change ahead. */
  private Instant previewFrom(Context ctx) {
    String value = ctx.formParam("previewFrom");
    if (value == null || value.isBlank()) {
      return clock.now();
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          "previewFrom",
          "'" + value + "' is not an ISO-8601 instant" + " such as 2026-03-28T00:00:00Z");
    }
  }

  /** The draft as the YAML the API will be sent; 400 with the reason when it is not a job yet. */
  private void yaml(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode tree = Drafts.of(ctx).tree(errors);
    if (!errors.isEmpty()) {
      ctx.status(400)
          .contentType("text/plain; charset=utf-8")
          .result(String.join("; ", errors.stream().map(FieldError::toString).toList()));
      return;
    }
    ctx.contentType("application/yaml; charset=utf-8").result(Drafts.toYaml(tree));
  }

  /** Form to YAML or back, keeping what was typed. */
  private void switchMode(Context ctx) {
    Drafts draft = Drafts.of(ctx);
    List<FieldError> errors = new ArrayList<>();
    ObjectNode tree = draft.tree(errors);
    String to = "yaml".equals(ctx.queryParam("to")) ? "yaml" : "form";
    if (!errors.isEmpty()) {
      ctx.status(400)
          .contentType("text/plain; charset=utf-8")
          .result(
              "Cannot switch to "
                  + to
                  + " yet: "
                  + String.join("; ", errors.stream().map(FieldError::toString).toList()));
      return;
    }
    String yaml = Drafts.toYaml(tree);
    ctx.header("HX-Trigger", "hydra-check");
    Templates.page(ctx, "editor_body.jte", new Body(to, DraftForm.of(tree, yaml), yaml));
  }
}
