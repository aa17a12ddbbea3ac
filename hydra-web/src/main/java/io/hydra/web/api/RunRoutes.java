package io.hydra.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunQuery;
import io.hydra.web.auth.Principal;
import io.hydra.web.events.RunChanges;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Runs: trigger, list, inspect, re-run, kill, and read attempt logs. */
final class RunRoutes {

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  /** Longer waits are refused: proxies and clients time out long before. */
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private final RunService runs;
  private final RunChanges changes;

  RunRoutes(RunService runs, RunChanges changes) {
    this.runs = runs;
    this.changes = changes;
  }

  void register(Javalin app) {
    app.post("/api/v1/jobs/{name}/runs", this::trigger);
    app.get("/api/v1/runs", this::list);
    app.get("/api/v1/runs/{id}", this::get);
    app.post("/api/v1/runs/{id}/rerun", this::rerun);
    app.post("/api/v1/runs/{id}/kill", this::kill);
    app.post("/api/v1/runs/{id}/mark-success", ctx -> operator(ctx, runs::markSucceeded));
    app.post("/api/v1/runs/{id}/skip", ctx -> operator(ctx, runs::skip));
    app.post("/api/v1/runs/{id}/hold", ctx -> operator(ctx, runs::hold));
    app.post("/api/v1/runs/{id}/release", ctx -> operator(ctx, runs::release));
    app.get("/api/v1/runs/{id}/why", ctx -> ctx.json(runs.why(runId(ctx))));
    app.get("/api/v1/runs/{id}/pipeline", ctx -> ctx.json(runs.pipeline(runId(ctx))));
    app.get(
        "/api/v1/runs/{id}/pipeline/rerun-failed",
        ctx -> ctx.json(RunList.of(runs.rerunFailedPreview(runId(ctx)))));
    app.post("/api/v1/runs/{id}/pipeline/rerun-failed", this::rerunFailed);
    app.post("/api/v1/runs/{id}/pipeline/retry", this::retryPipeline);
    app.get("/api/v1/runs/{id}/attempts/{n}/log", this::log);
  }

  private void trigger(Context ctx) {
    ObjectNode body = Bodies.object(ctx, Set.of("logicalTime", "params", "priority"));
    Map<String, String> params = Bodies.params(body, "params");
    RunService.Triggered result =
        runs.trigger(
            ctx.pathParam("name"),
            Bodies.instant(body, "logicalTime"),
            params == null ? Map.of() : params,
            Bodies.integer(body, "priority"));
    ctx.status(result.created() ? 201 : 200)
        .header("Location", "/api/v1/runs/" + result.run().id())
        .json(Views.RunView.of(result.run()));
  }

  private static final List<String> SORTS = List.of("id", "logicalTime", "updatedAt");

  /** Newest first by default; filters by job, owner, states and a logical-time range. */
  private void list(Context ctx) {
    int limit = ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    ListParams.Sort sort = ListParams.sort(ctx, "-id", SORTS);
    RunQuery.Sort by =
        switch (sort.field()) {
          case "logicalTime" -> RunQuery.Sort.LOGICAL_TIME;
          case "updatedAt" -> RunQuery.Sort.UPDATED_AT;
          default -> RunQuery.Sort.ID;
        };
    RunQuery.Cursor after = runCursor(ListParams.cursor(ctx, sort), by);
    Instant from = ListParams.instant(ctx, "from");
    Instant to = ListParams.instant(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ValidationException.of("to", "must be after from");
    }
    RunQuery query =
        new RunQuery(
            ListParams.text(ctx, "job"),
            owners(ctx),
            states(ctx),
            from,
            to,
            by,
            sort.descending(),
            after,
            limit);
    List<Run> page = runs.page(query);
    String next = null;
    if (page.size() == limit) {
      RunQuery.Cursor last = query.cursorOf(page.get(page.size() - 1));
      next =
          ListParams.encode(
              sort,
              last.value() == null ? null : last.value().toString(),
              Long.toString(last.id()));
    }
    ctx.json(new Views.Page<>(page.stream().map(Views.RunView::of).toList(), next));
  }

  /** The owner asked for, within the owners the token may see. */
  private static Set<String> owners(Context ctx) {
    String owner = ListParams.text(ctx, "owner");
    Principal principal = Principal.of(ctx);
    if (!principal.limited()) {
      return owner == null ? null : Set.of(owner);
    }
    return owner == null
        ? principal.owners()
        : principal.owners().contains(owner) ? Set.of(owner) : Set.of();
  }

  private static RunQuery.Cursor runCursor(ListParams.Cursor cursor, RunQuery.Sort by) {
    if (cursor == null) {
      return null;
    }
    try {
      Instant value = by == RunQuery.Sort.ID ? null : Instant.parse(cursor.value());
      return new RunQuery.Cursor(value, Long.parseLong(cursor.key()));
    } catch (RuntimeException e) {
      throw ValidationException.of("cursor", "is not a cursor from a previous page");
    }
  }

  private void get(Context ctx) {
    long id = runId(ctx);
    Duration wait = waitParam(ctx);
    RunService.RunDetail now = runs.get(id).orElseThrow(() -> notFound(id));
    if (wait.isZero() || now.run().state().isTerminal()) {
      ctx.json(Views.RunDetailView.of(now));
      return;
    }
    // Long-poll: answer when the run ends or the wait is over, whichever comes first, without
    // holding a server thread meanwhile.
    CompletableFuture<Void> ended = new CompletableFuture<>();
    AutoCloseable subscription =
        changes.subscribe(
            change -> {
              if (change.runId() == id && change.terminal()) {
                ended.complete(null);
              }
            });
    if (runs.get(id).map(d -> d.run().state().isTerminal()).orElse(true)) {
      ended.complete(null); // it ended between the first look and subscribing
    }
    ctx.future(
        () ->
            ended
                .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(
                    () -> {
                      close(subscription);
                      ctx.json(detail(id));
                    }));
  }

  private static void close(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot unsubscribe", e);
    }
  }

  private static Duration waitParam(Context ctx) {
    String value = ctx.queryParam("wait");
    if (value == null || value.isBlank()) {
      return Duration.ZERO;
    }
    try {
      Duration wait = Duration.parse(value);
      if (!wait.isNegative() && wait.compareTo(MAX_WAIT) <= 0) {
        return wait;
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw ValidationException.of(
        "wait",
        "must be an ISO-8601 duration from PT0S to "
            + MAX_WAIT
            + ", e.g. PT30S, not '"
            + value
            + "'");
  }

  /** The re-run run, and the downstream runs it set to run again ({@code downstream: true}). */
  record RerunView(Views.RunDetailView run, List<Views.RunView> downstream) {}

  private void rerun(Context ctx) {
    ObjectNode body = Bodies.object(ctx, Set.of("params", "downstream"));
    long id = runId(ctx);
    RunService.Rerun result =
        runs.rerun(
            id,
            Bodies.params(body, "params"),
            Bodies.bool(body, "downstream"),
            Principal.of(ctx).name());
    ctx.json(
        new RerunView(detail(id), result.downstream().stream().map(Views.RunView::of).toList()));
  }

  /** Runs a bulk action reset (or would reset), in the order it does. */
  record RunList(List<Views.RunView> runs) {
    static RunList of(List<Run> runs) {
      return new RunList(runs.stream().map(Views.RunView::of).toList());
    }
  }

  private void rerunFailed(Context ctx) {
    Bodies.object(ctx, Set.of());
    ctx.json(RunList.of(runs.rerunFailed(runId(ctx), Principal.of(ctx).name())));
  }

  /** A pipeline retry: its root and logical time, its number and the policy's, the runs reset. */
  record PipelineRetryView(
      String root, Instant logicalTime, int retry, int max, List<Views.RunView> runs) {}

  private void retryPipeline(Context ctx) {
    Bodies.object(ctx, Set.of());
    RunService.PipelineRetried r = runs.retryPipeline(runId(ctx), Principal.of(ctx).name());
    ctx.json(
        new PipelineRetryView(
            r.root(),
            r.logicalTime(),
            r.number(),
            r.max(),
            r.runs().stream().map(Views.RunView::of).toList()));
  }

  private void kill(Context ctx) {
    Bodies.object(ctx, Set.of());
    long id = runId(ctx);
    runs.kill(id, Principal.of(ctx).name());
    ctx.json(detail(id));
  }

  private void operator(Context ctx, BiFunction<Long, String, Run> action) {
    Bodies.object(ctx, Set.of());
    long id = runId(ctx);
    action.apply(id, Principal.of(ctx).name());
    ctx.json(detail(id));
  }

  private Views.RunDetailView detail(long id) {
    return Views.RunDetailView.of(runs.get(id).orElseThrow(() -> notFound(id)));
  }

  private void log(Context ctx) throws IOException {
    long id = runId(ctx);
    int attempt = pathInt(ctx, "n");
    LogStream stream = logStream(ctx.queryParam("stream"));
    long offset = offset(ctx.queryParam("offset"));
    InputStream log =
        runs.log(id, attempt, stream)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no "
                            + stream.name().toLowerCase()
                            + " log for attempt "
                            + attempt
                            + " of run "
                            + id));
    skip(log, offset);
    ctx.contentType("text/plain; charset=utf-8").result(log);
  }

  /** {@code offset}: bytes of the log already read, so a follower fetches only what is new. */
  private static long offset(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long offset = Long.parseLong(value.strip());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // answered below, as a negative number is
    }
    throw ValidationException.of(
        "offset", "must be a number of bytes, 0 or more, not '" + value + "'");
  }

  /** Skips up to {@code bytes}; past the end the answer is empty (the log has not grown yet). */
  private static void skip(InputStream log, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = log.skip(left);
      if (skipped <= 0) {
        if (log.read() < 0) {
          return;
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static LogStream logStream(String value) {
    if (value == null || value.equals("stdout")) {
      return LogStream.STDOUT;
    }
    if (value.equals("stderr")) {
      return LogStream.STDERR;
    }
    throw ValidationException.of("stream", "must be stdout or stderr, not '" + value + "'");
  }

  /** {@code state=failed,killed}: any of these. */
  private static Set<RunState> states(Context ctx) {
    String value = ctx.queryParam("state");
    if (value == null || value.isBlank()) {
      return null;
    }
    Set<RunState> states = EnumSet.noneOf(RunState.class);
    for (String one : value.split(",")) {
      try {
        states.add(RunState.fromWire(one.strip()));
      } catch (IllegalArgumentException e) {
        throw ValidationException.of(
            "state",
            "unknown run state '"
                + one
                + "'; one of "
                + Arrays.stream(RunState.values())
                    .map(RunState::wireName)
                    .collect(Collectors.joining(", ")));
      }
    }
    return states;
  }

  private static long runId(Context ctx) {
    return pathInt(ctx, "id");
  }

  private static int pathInt(Context ctx, String name) {
    return (int) Bodies.positivePathParam(ctx, name, Integer.MAX_VALUE);
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("run " + id + " does not exist");
  }
}
