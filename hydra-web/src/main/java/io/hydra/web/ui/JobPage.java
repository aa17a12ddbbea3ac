package io.hydra.web.ui;

import io.hydra.core.job.JobSpec;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.job.JobVersion;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /jobs/{name}}: the definition as YAML, its versions with diffs, the run history with a
 * duration chart (refreshed live), and the trigger and backfill forms.
 */
public final class JobPage {

  private static final int HISTORY = 50;
  private static final int ALERTS = 10;

  private final JobService jobs;
  private final RunService runs;
  private final Lookup lookup;
  private final Clock clock;
  private final boolean tokens;

  JobPage(JobService jobs, RunService runs, Lookup lookup, Clock clock, boolean tokens) {
    this.jobs = jobs;
    this.runs = runs;
    this.lookup = lookup;
    this.clock = clock;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get("/jobs/{name}", this::page);
    app.get(
        "/ui/jobs/{name}/runs",
        ctx ->
            Templates.page(
                ctx, "job_runs.jte", history(lookup.job(ctx, ctx.pathParam("name")).spec())));
    app.get(
        "/ui/jobs/{name}/head",
        ctx ->
            Templates.page(ctx, "job_head.jte", head(ctx, lookup.job(ctx, ctx.pathParam("name")))));
  }

  /** One past version, with the diff from the one before it. */
  public record Version(
      int number,
      String change,
      String author,
      String source,
      String at,
      List<LineDiff.Line> diff) {}

  /** One run in the history table. */
  public record RunRow(
      long id,
      String logicalLocal,
      String logicalUtc,
      String state,
      String cause,
      int attempts,
      String duration,
      String reason) {}

  /** A deadline alert of the job, as the page lists it. */
  public record AlertRow(String kind, String logicalUtc, Long runId, String reason, String at) {}

  /**
   * The live part of the page: history table and chart, and for a job with a deadline its latest
   * deadline alerts.
   */
  public record History(
      String job,
      List<RunRow> rows,
      DurationChart.Chart chart,
      String deadline,
      List<AlertRow> alerts) {}

  /** The title, facts and job actions, refreshed after a pause or resume. */
  public record Head(StoredJob job, Viewer viewer, String nextLocal, String nextUtc) {}

  /** The model of {@code job.jte}. */
  public record Model(
      Chrome chrome,
      StoredJob job,
      Head head,
      String yaml,
      boolean scheduled,
      List<Version> versions,
      History history,
      String saved) {}

  private void page(Context ctx) {
    StoredJob job = lookup.job(ctx, ctx.pathParam("name"));
    JobSpec spec = job.spec();
    Chrome chrome = Chrome.of(job.name(), Viewer.of(ctx, tokens), "jobs").forJob(job.name());
    Templates.page(
        ctx,
        "job.jte",
        new Model(
            chrome,
            job,
            head(ctx, job),
            Yaml.of(spec),
            spec.schedule() != null,
            versions(job.name()),
            history(spec),
            ctx.queryParam("saved")));
  }

  private Head head(Context ctx, StoredJob job) {
    var next = jobs.nextFire(job.name());
    return new Head(
        job,
        Viewer.of(ctx, tokens),
        next.map(n -> Fmt.local(n, job.spec().zone())).orElse(""),
        next.map(Fmt::utc).orElse(""));
  }

  /** The newest versions only: a job changed by every deploy has hundreds. */
  static final int VERSIONS = 20;

  private List<Version> versions(String name) {
    List<JobVersion> all = new ArrayList<>(jobs.versions(name));
    all.sort(Comparator.comparingInt(JobVersion::version)); // diff oldest to newest
    List<Version> out = new ArrayList<>();
    int first = Math.max(0, all.size() - VERSIONS - 1);
    JobVersion base = all.isEmpty() ? null : all.get(first);
    String before = first == 0 || base.spec() == null ? "" : Yaml.of(base.spec());
    for (JobVersion v : all.subList(first == 0 ? 0 : first + 1, all.size())) {
      String yaml = v.spec() == null ? "" : Yaml.of(v.spec());
      out.add(
          new Version(
              v.version(),
              v.change(),
              v.author(),
              v.source() == null ? "" : v.source(),
              Fmt.utc(v.createdAt()),
              LineDiff.of(before, yaml)));
      before = yaml;
    }
    Collections.reverse(out); // newest first
    return out;
  }

  private History history(JobSpec spec) {
    List<Run> recent =
        runs.page(
            new RunQuery(
                spec.name(),
                null,
                null,
                null,
                null,
                RunQuery.Sort.LOGICAL_TIME,
                true,
                null,
                HISTORY));
    List<RunRow> rows =
        recent.stream()
            .map(
                r ->
                    new RunRow(
                        r.id(),
                        Fmt.local(r.logicalTime(), spec.zone()),
                        Fmt.utc(r.logicalTime()),
                        r.state().wireName(),
                        r.cause().name().toLowerCase(),
                        r.attempts(),
                        Fmt.duration(r.startedAt(), r.endedAt()),
                        r.reason()))
            .toList();
    List<AlertRow> alerts =
        spec.deadline() == null
            ? List.of()
            : runs.alertsOf(spec.name(), ALERTS).stream()
                .map(
                    a ->
                        new AlertRow(
                            a.kind(),
                            Fmt.utc(a.logicalTime()),
                            a.runId(),
                            a.reason(),
                            Fmt.utc(a.createdAt())))
                .toList();
    String deadline = spec.deadline() == null ? null : spec.deadline().toString();
    return new History(spec.name(), rows, DurationChart.of(recent, clock.now()), deadline, alerts);
  }
}
