package io.hydra.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.scheduler.engine.JobApply;
import io.hydra.web.auth.Principal;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/apply}: makes the jobs match a submitted set, or with {@code dryRun} says
 * what that would change. This is the API behind {@code hydra plan} and {@code hydra apply}.
 */
final class ApplyRoutes {

  private static final Set<String> FIELDS =
      new LinkedHashSet<>(List.of("jobs", "prune", "dryRun", "source", "ifRevision"));
  private static final int MAX_SOURCE = 200;

  private final JobApply apply;

  ApplyRoutes(JobApply apply) {
    this.apply = apply;
  }

  void register(Javalin app) {
    app.post("/api/v1/apply", this::apply);
    app.exception(InvalidJobSetException.class, ApplyRoutes::invalid);
  }

  private void apply(Context ctx) {
    ObjectNode body = Bodies.object(ctx, FIELDS);
    JsonNode jobs = body.get("jobs");
    if (jobs == null || !jobs.isArray()) {
      throw ValidationException.of("jobs", "is required: a list of job definitions");
    }
    List<JsonNode> list = new ArrayList<>();
    jobs.forEach(list::add);
    String source = text(body, "source");
    if (source != null && source.length() > MAX_SOURCE) {
      throw ValidationException.of("source", "must be at most " + MAX_SOURCE + " characters");
    }
    ctx.json(
        apply.apply(
            new JobApply.Request(
                list,
                flag(body, "prune"),
                flag(body, "dryRun"),
                source,
                text(body, "ifRevision"),
                Principal.of(ctx).name())));
  }

  /** Like every 400, plus {@code job}: which job of the set (or on the server) the field is in. */
  private static void invalid(InvalidJobSetException e, Context ctx) {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (JobSetError error : e.jobErrors()) {
      Map<String, Object> field = new LinkedHashMap<>();
      field.put("field", error.path());
      field.put("message", error.message());
      if (error.job() != null) {
        field.put("job", error.job());
      }
      fields.add(field);
    }
    ctx.status(400)
        .json(
            Map.of(
                "error",
                Map.of(
                    "code",
                    "invalid",
                    "message",
                    "the job set is invalid (" + fields.size() + " problems); nothing was changed",
                    "fields",
                    fields)));
  }

  private static boolean flag(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ValidationException.of(field, "expected true or false");
    }
    return value.booleanValue();
  }

  private static String text(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ValidationException.of(field, "expected a string");
    }
    return value.asText();
  }
}
