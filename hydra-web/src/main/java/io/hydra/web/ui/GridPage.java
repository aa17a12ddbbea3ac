package io.hydra.web.ui;

import io.hydra.core.error.ValidationException;
import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunQuery;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code /grid}: jobs by logical time over a window, each cell a run coloured by its state (as
 * Airflow's grid), linking to the run. Columns are the newest logical times that have runs; rows
 * are every job the filter shows, in dependency order, whether or not it ran in the window.
 */
public final class GridPage {

  static final int MAX_RUNS = 5000;
  static final int COLUMNS = 30;
  private static final DateTimeFormatter HEAD =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final JobService jobs;
  private final RunService runs;
  private final Clock clock;
  private final boolean tokens;

  GridPage(JobService jobs, RunService runs, Clock clock, boolean tokens) {
    this.jobs = jobs;
    this.runs = runs;
    this.clock = clock;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get(
        "/grid",
        ctx ->
            Templates.page(
                ctx,
                "grid.jte",
                new Model(Chrome.of("Grid", Viewer.of(ctx, tokens), "grid"), table(ctx))));
    app.get("/ui/grid", ctx -> Templates.page(ctx, "grid_table.jte", table(ctx)));
  }

  /** One cell: the run of a job at a column's time, or none (runId 0). */
  public record Cell(long runId, String state, String label) {}

  /** One job's row. */
  public record Row(String job, List<Cell> cells) {}

  /** The model of {@code grid_table.jte}; {@code from}/{@code to} as given or defaulted. */
  public record Table(
      String from,
      String to,
      String job,
      List<String> heads,
      List<String> headsIso,
      List<Row> rows,
      String query) {}

  /** The model of {@code grid.jte}. */
  public record Model(Chrome chrome, Table table) {}

  Table table(Context ctx) {
    Instant to = instant(ctx, "to", clock.now().plus(Duration.ofHours(1)));
    Instant from = instant(ctx, "from", to.minus(Duration.ofDays(7)));
    if (!from.isBefore(to)) {
      throw ValidationException.of("to", "must be after from");
    }
    String job = ctx.queryParam("job") == null ? "" : ctx.queryParam("job").strip();
    Principal principal = Principal.of(ctx);
    List<JobSpec> specs =
        jobs.list().stream()
            .map(StoredJob::spec)
            .filter(s -> principal.reaches(s.owner() == null ? "" : s.owner()))
            .filter(s -> job.isEmpty() || s.name().contains(job))
            .toList();
    List<Run> found =
        runs.page(
            new RunQuery(
                null,
                principal.limited() ? principal.owners() : null,
                null,
                from,
                to,
                RunQuery.Sort.LOGICAL_TIME,
                true,
                null,
                MAX_RUNS));
    TreeSet<Instant> times = new TreeSet<>();
    Map<String, Map<Instant, Run>> byJob = new HashMap<>();
    Set<String> shown = specs.stream().map(JobSpec::name).collect(Collectors.toSet());
    for (Run run : found) {
      if (shown.contains(run.job())) {
        times.add(run.logicalTime());
        byJob.computeIfAbsent(run.job(), k -> new HashMap<>()).put(run.logicalTime(), run);
      }
    }
    List<Instant> columns = times.descendingSet().stream().limit(COLUMNS).sorted().toList();
    // Every job the filter shows has a row, with runs in the window or not: a job that never ran
    // is what an operator looks for, not something to hide.
    List<Row> rows =
        JobGraph.of(specs).topologicalOrder().stream()
            .map(
                name -> {
                  Map<Instant, Run> own = byJob.getOrDefault(name, Map.of());
                  return new Row(
                      name, columns.stream().map(t -> cell(name, t, own.get(t))).toList());
                })
            .toList();
    String query =
        "from=" + from + "&to=" + to + "&job=" + URLEncoder.encode(job, StandardCharsets.UTF_8);
    return new Table(
        from.toString(),
        to.toString(),
        job,
        columns.stream().map(HEAD::format).toList(),
        columns.stream().map(Instant::toString).toList(),
        rows,
        query);
  }

  private static Cell cell(String job, Instant time, Run run) {
    if (run == null) {
      return new Cell(0, "none", job + " has no run at " + time);
    }
    // A skip says why (calendar, paused, missed, ...): a day left out on purpose reads as such.
    String state =
        run.state() == RunState.SKIPPED
            ? "skipped (" + run.reasonKind().wireName() + ")"
            : run.state().wireName();
    return new Cell(
        run.id(),
        run.state().wireName(),
        job + " at " + time + ": " + state + " (run " + run.id() + ")");
  }

  private static Instant instant(Context ctx, String name, Instant fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          name, "'" + value + "' is not an ISO-8601 instant such as" + " 2026-03-01T00:00:00Z");
    }
  }
}
