package io.hydra.web.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.SameTransaction;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.json.Json;
import io.hydra.web.auth.JobScope;
import io.hydra.web.auth.Principal;
import io.hydra.web.auth.Tokens;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import java.util.Set;

/**
 * Records every mutation: who, what, the state of its subject before (read just before the route
 * runs) and the route's answer after. The row is attached to the request's thread with {@link
 * SameTransaction}, so it commits in the same transaction as the change itself; the answer is added
 * when the request ends. A mutation that committed nothing (a 4xx, a replay) leaves no row.
 */
public final class AuditRecorder {

  private static final Set<HandlerType> MUTATIONS =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);

  /** Computes an answer; changes nothing. */
  private static final Set<String> READ_ONLY_POSTS = Set.of("/api/v1/schedule/preview");

  private static final String BEFORE = "hydra.audit.before";
  private static final String JOB = "hydra.audit.job";
  private static final String ROUTE = "hydra.audit.route";
  private static final String ROW = "hydra.audit.row";

  private final AuditLog log;
  private final JobScope scope;
  private final JobService jobs;
  private final RunService runs;
  private final BackfillService backfills;
  private final Tokens tokens;

  public AuditRecorder(
      AuditLog log,
      JobScope scope,
      JobService jobs,
      RunService runs,
      BackfillService backfills,
      Tokens tokens) {
    this.log = log;
    this.scope = scope;
    this.jobs = jobs;
    this.runs = runs;
    this.backfills = backfills;
    this.tokens = tokens;
  }

  private static boolean audited(Context ctx, String route) {
    // The UI's own posts (/ui/...) only check drafts; its changes go through /api/v1.
    return MUTATIONS.contains(ctx.method())
        && !READ_ONLY_POSTS.contains(route)
        && route.startsWith("/api/");
  }

  /** Before the route: which job, and its subject as it is now. */
  public void before(Context ctx) {
    SameTransaction.detach(); // a request that ended abnormally on this thread may have left one
    String route = ctx.endpointHandlerPath();
    if (!audited(ctx, route)) {
      return;
    }
    // After-handlers see their own path ("*"), not the endpoint's: keep it for them.
    ctx.attribute(ROUTE, route);
    Optional<String> job = scope.job(ctx);
    job.ifPresent(name -> ctx.attribute(JOB, name));
    JsonNode before = snapshot(ctx, job);
    if (before != null) {
      ctx.attribute(BEFORE, before);
    }
    String actor = Principal.of(ctx).name();
    SameTransaction.attach(
        tx ->
            ctx.attribute(
                ROW,
                log.insert(
                    tx,
                    actor,
                    ctx.method() + " " + route,
                    ctx.path(),
                    job.orElse(null),
                    null,
                    before,
                    null)));
  }

  /** After the route: a row for a change that happened (2xx or 3xx, not a replay). */
  public void after(Context ctx) {
    boolean written = SameTransaction.detach();
    String route = ctx.attribute(ROUTE);
    if (route == null || !written) {
      return;
    }
    JsonNode after = answer(ctx);
    String job = ctx.attribute(JOB);
    if (job == null
        && after instanceof ObjectNode object
        && object.has("name")
        && route.equals("/api/v1/jobs")) {
      job = object.get("name").asText();
    }
    log.complete(ctx.attribute(ROW), job, ctx.statusCode(), after);
    if (route.equals("/api/v1/apply") && ctx.statusCode() < 400) {
      recordApply(ctx, Principal.of(ctx).name(), ctx.method() + " " + route, after);
    }
  }

  /**
   * One row per job an apply changed, so the job's history shows it; the apply's own row, written
   * with the change, holds the whole answer.
   */
  private void recordApply(Context ctx, String actor, String action, JsonNode result) {
    if (result == null || result.path("dryRun").asBoolean(false)) {
      return;
    }
    for (String kind : new String[] {"created", "updated", "deleted"}) {
      for (JsonNode change : result.path(kind)) {
        log.record(
            actor,
            action + " (" + kind + ")",
            ctx.path(),
            change.path("job").asText(),
            ctx.statusCode(),
            null,
            change);
      }
    }
  }

  private JsonNode snapshot(Context ctx, Optional<String> job) {
    String path = ctx.endpointHandlerPath();
    try {
      if (path.startsWith("/api/v1/runs/{id}")) {
        return runs.get(Long.parseLong(ctx.pathParam("id")))
            .map(d -> Json.json().<JsonNode>valueToTree(d.run()))
            .orElse(null);
      }
      if (path.startsWith("/api/v1/backfills/{id}")) {
        return Json.json()
            .valueToTree(backfills.get(Long.parseLong(ctx.pathParam("id"))).backfill());
      }
      if (path.startsWith("/api/v1/tokens/{name}")) {
        return tokens
            .get(ctx.pathParam("name"))
            .map(t -> Json.json().<JsonNode>valueToTree(t))
            .orElse(null);
      }
      if (path.equals("/api/v1/jobs/{name}")
          || path.endsWith("/pause")
          || path.endsWith("/resume")) {
        return job.flatMap(jobs::get).map(j -> Json.json().<JsonNode>valueToTree(j)).orElse(null);
      }
    } catch (NumberFormatException | NotFoundException e) {
      return null; // the route answers 404 or 400 itself; nothing will be recorded
    }
    return null;
  }

  /** The route's JSON answer, with any token secret taken out. */
  private static JsonNode answer(Context ctx) {
    String body = ctx.result();
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode tree = Json.json().readTree(body);
      if (tree instanceof ObjectNode object && object.has("token")) {
        object.put("token", "***");
      }
      return tree;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
