package io.hydra.web.ui;

import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Run;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code /runs/{id}}: attempts, times, exit codes, reasons, the "why", a live log tail and the
 * operator actions. The part that changes with the run's state is a fragment refreshed on each run
 * event, so the page follows the run without reloads.
 */
public final class RunPage {

  private final JobService jobs;
  private final RunService runs;
  private final Lookup lookup;
  private final boolean tokens;

  RunPage(JobService jobs, RunService runs, Lookup lookup, boolean tokens) {
    this.jobs = jobs;
    this.runs = runs;
    this.lookup = lookup;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get("/runs/{id}", this::page);
    app.get("/ui/runs/{id}/live", ctx -> Templates.page(ctx, "run_live.jte", live(ctx)));
    app.get("/ui/runs/{id}/rerun-preview", this::rerunPreview);
  }

  /** Which operator actions the run's state allows (the API refuses the others anyway). */
  public record Actions(
      boolean rerun,
      boolean markSuccess,
      boolean skip,
      boolean kill,
      boolean hold,
      boolean release) {

    static Actions of(RunState state) {
      return of(state, false);
    }

    static Actions of(RunState state, boolean held) {
      boolean running = state == RunState.RUNNING;
      return new Actions(
          state.isTerminal(),
          !running && state != RunState.SUCCEEDED,
          !running && state != RunState.SKIPPED && state != RunState.SUCCEEDED,
          !state.isTerminal(),
          !state.isTerminal() && !held,
          !state.isTerminal() && held);
    }
  }

  /** The model of {@code run_live.jte}. */
  public record Live(
      RunService.RunDetail detail,
      Why.Explanation why,
      ZoneId zone,
      Viewer viewer,
      Actions actions,
      List<PipelineView.Node> waiting,
      PipelineView.Node self,
      List<DeadlineAlert> alerts) {

    public Run run() {
      return detail.run();
    }

    public String local(Instant at) {
      return Fmt.local(at, zone);
    }

    public String utc(Instant at) {
      return Fmt.utc(at);
    }

    public String duration(Instant start, Instant end) {
      return Fmt.duration(start, end);
    }
  }

  /** The model of {@code run.jte}. */
  public record Model(Chrome chrome, Live live, LogTail.Model log) {}

  private void page(Context ctx) {
    Live live = live(ctx);
    int attempt = LogTail.attempt(ctx, live.run().attempts());
    Chrome chrome =
        Chrome.of("Run " + live.run().id(), live.viewer(), "jobs").forJob(live.run().job());
    Templates.page(
        ctx, "run.jte", new Model(chrome, live, LogTail.model(live.detail(), attempt, "", runs)));
  }

  private Live live(Context ctx) {
    RunService.RunDetail detail = lookup.run(ctx, Lookup.id(ctx, "id"));
    ZoneId zone =
        jobs.get(detail.run().job()).map(StoredJob::spec).map(s -> s.zone()).orElse(ZoneOffset.UTC);
    Run run = detail.run();
    PipelineView pipeline = runs.pipeline(run.id());
    return new Live(
        detail,
        runs.why(run.id()),
        zone,
        Viewer.of(ctx, tokens),
        Actions.of(run.state(), run.hold() != null),
        PipelinePage.downstreamOf(pipeline, run.job()),
        pipeline.node(run.job()),
        runs.alertsAt(run.job(), run.logicalTime()));
  }

  /** The confirmation text of "re-run with downstream": every run it will touch, in order. */
  private void rerunPreview(Context ctx) {
    Run run = lookup.run(ctx, Lookup.id(ctx, "id")).run();
    List<Run> downstream = runs.rerunDownstreamPreview(run.id());
    StringBuilder text =
        new StringBuilder(
            "Re-runs run " + run.id() + " (" + run.job() + ", " + Fmt.utc(run.logicalTime()) + ")");
    if (downstream.isEmpty()) {
      text.append(
          " and no downstream runs (none of its downstream runs for this logical time"
              + " has ended).");
    } else {
      text.append(", then these ").append(downstream.size()).append(" downstream runs:");
      for (Run d : downstream) {
        text.append("\n- run ")
            .append(d.id())
            .append(" ")
            .append(d.job())
            .append(" (now ")
            .append(d.state().wireName())
            .append(")");
      }
    }
    ctx.contentType("text/plain; charset=utf-8").result(text.toString());
  }
}
