package io.hydra.web.ui;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.Store;
import io.hydra.store.job.Schedules;
import io.hydra.store.job.StoredJob;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code /jobs}: every job with its newest run and next fire, searchable and filterable. */
public final class JobsPage {

  private final JobService jobs;
  private final Store store;
  private final LatestRuns latest;
  private final boolean tokens;

  JobsPage(JobService jobs, Store store, LatestRuns latest, boolean tokens) {
    this.jobs = jobs;
    this.store = store;
    this.latest = latest;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get("/", ctx -> ctx.redirect("/jobs"));
    app.get("/jobs", this::page);
    app.get(
        "/ui/jobs/rows",
        ctx ->
            Templates.page(
                ctx,
                "job_rows.jte",
                new Rows(rows(ctx, JobFilter.of(ctx)), Viewer.of(ctx, tokens))));
  }

  /** One line of the table. {@code lastState} is "" when the job never ran. */
  public record Row(
      String name,
      String owner,
      String labels,
      boolean paused,
      String schedule,
      String lastState,
      long lastRunId,
      String nextLocal,
      String nextUtc) {}

  /** The model of {@code job-rows.jte}: the table body alone, for live refresh. */
  public record Rows(List<Row> rows, Viewer viewer) {}

  /** The model of {@code jobs.jte}. */
  public record Model(
      Chrome chrome, JobFilter filter, Rows rows, List<String> owners, List<String> states) {}

  private void page(Context ctx) {
    JobFilter filter = JobFilter.of(ctx);
    Viewer viewer = Viewer.of(ctx, tokens);
    List<String> owners =
        visible(ctx).stream()
            .map(j -> j.spec().owner())
            .filter(Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    List<String> states = Arrays.stream(RunState.values()).map(RunState::wireName).toList();
    Templates.page(
        ctx,
        "jobs.jte",
        new Model(
            Chrome.of("Jobs", viewer, "jobs"),
            filter,
            new Rows(rows(ctx, filter), viewer),
            owners,
            states));
  }

  /** Jobs outside an owner-limited token's owners are left out, as in the API's list. */
  private List<StoredJob> visible(Context ctx) {
    Principal principal = Principal.of(ctx);
    return jobs.list().stream()
        .filter(j -> principal.reaches(j.spec().owner() == null ? "" : j.spec().owner()))
        .toList();
  }

  private List<Row> rows(Context ctx, JobFilter filter) {
    Map<String, LatestRuns.Latest> last = latest.byJob();
    Map<String, Instant> next =
        store.read(tx -> tx.schedules().all()).stream()
            .collect(Collectors.toMap(Schedules.Due::job, Schedules.Due::nextFireAt));
    return visible(ctx).stream()
        .filter(job -> filter.matches(job.spec(), last.get(job.name())))
        .map(job -> row(job.spec(), last.get(job.name()), next.get(job.name())))
        .toList();
  }

  private static Row row(JobSpec spec, LatestRuns.Latest last, Instant next) {
    String labels =
        spec.labels() == null
            ? ""
            : spec.labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(", "));
    // Several schedules read as "0 9 * * 1-5 + 0 12 * * 6"; a calendar is named beside its cron.
    String schedule =
        spec.schedule() != null
            ? spec.allSchedules().stream().map(JobsPage::cron).collect(Collectors.joining(" + "))
            : "after " + String.join(", ", spec.after().stream().map(a -> a.job()).toList());
    return new Row(
        spec.name(),
        spec.owner() == null ? "" : spec.owner(),
        labels,
        spec.pausedFlag(),
        schedule,
        last == null ? "" : last.state(),
        last == null ? 0 : last.runId(),
        next == null ? "" : Fmt.local(next, spec.zone()),
        next == null ? "" : Fmt.utc(next));
  }

  private static String cron(ScheduleSpec s) {
    return s.cron()
        + (s.calendar() == null ? "" : " except " + s.calendar())
        + (s.onlyOn() == null ? "" : " on business days of " + s.onlyOn());
  }
}
