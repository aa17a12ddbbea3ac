package io.hydra.web.ui;

import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.pipeline.AttentionReport;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code /attention}: what needs a person (the report of {@code GET /api/v1/attention}), grouped by
 * pipeline and logical time with each root cause first; refreshed on each run event.
 */
public final class AttentionPage {

  private final RunService runs;
  private final boolean tokens;

  AttentionPage(RunService runs, boolean tokens) {
    this.runs = runs;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get(
        "/attention",
        ctx -> {
          Live live = live(ctx);
          Chrome chrome = Chrome.of("Attention", live.viewer(), "attention");
          Templates.page(ctx, "attention.jte", new Model(chrome, live));
        });
    app.get("/ui/attention", ctx -> Templates.page(ctx, "attention_live.jte", live(ctx)));
  }

  /** The model of {@code attention_live.jte}. */
  public record Live(AttentionReport report, Viewer viewer) {

    public String utc(Instant at) {
      return Fmt.utc(at);
    }

    /** ETA, with "at least" when a job on its path has no history. */
    public String eta(AttentionReport.Item item) {
      return item.eta() == null ? "" : (item.etaLowerBound() ? "at least " : "") + utc(item.eta());
    }
  }

  /** The model of {@code attention.jte}. */
  public record Model(Chrome chrome, Live live) {}

  private Live live(Context ctx) {
    Principal principal = Principal.of(ctx);
    return new Live(runs.attention(principal::reaches), Viewer.of(ctx, tokens));
  }
}
