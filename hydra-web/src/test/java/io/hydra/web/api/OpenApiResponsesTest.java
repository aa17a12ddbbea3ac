package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import io.hydra.web.TestServer;
import io.hydra.web.TestWebhook;
import io.hydra.web.notify.NotifyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every documented operation answers, on a real server, what openapi.yaml says: each answer's
 * status is documented for its operation and its body matches the documented schema. The test fails
 * if any documented operation was left without a successful and a failed call, so a new route
 * cannot go unchecked (OpenApiTest makes sure every served route is documented).
 */
class OpenApiResponsesTest {

  private static final String ADMIN = "openapi-bootstrap-secret";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Set<String> ENDED =
      Set.of("succeeded", "failed", "upstream_failed", "skipped", "killed");
  private static final String T1 = "2026-03-01T02:00:00Z";

  @RegisterExtension
  static final TestServer SERVER =
      TestServer.with(
          c ->
              c.withAuth("token", ADMIN)
                  .withNotify(
                      new NotifyConfig(
                          startWebhook(),
                          Set.of("killed"),
                          "json",
                          null,
                          3,
                          Duration.ofMillis(200))));

  private static final TestWebhook webhook = TestWebhook.start();
  private static OpenApiContract contract;
  private static OpenApiCalls admin;

  /** Where the server's notifications go: a receiver that accepts every delivery. */
  private static URI startWebhook() {
    return webhook.uri("/hook");
  }

  @BeforeAll
  static void start() {
    contract = new OpenApiContract(DocsRoutes.spec());
    admin = new OpenApiCalls(contract, SERVER.port(), ADMIN);
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  private static String job(String name, String extra, String command) {
    return "{\"name\":\"" + name + "\"," + extra + "\"task\":{\"command\":\"" + command + "\"}}";
  }

  @Test
  void everyOperationAnswersAsItsDocumentSays() throws Exception {
    meta();
    jobs();
    long run = runs();
    slowRunKilledWhileTheEventStreamWatches();
    waitingRunsSkippedAndMarkedSucceeded();
    backfill();
    applyAndPreview();
    tokensAuditAndNotifications();
    errors(run);

    Set<String> documented = contract.operations();
    Set<String> notSucceeded = new TreeSet<>(documented);
    notSucceeded.removeAll(admin.succeeded());
    assertThat(notSucceeded).as("documented operations no call answered successfully").isEmpty();
    Set<String> notFailed = new TreeSet<>();
    for (String operation : documented) {
      if (operation(operation).path("responses").has("default")
          && !admin.failed().contains(operation)) {
        notFailed.add(operation);
      }
    }
    assertThat(notFailed).as("operations with an error response no call failed").isEmpty();
  }

  private static JsonNode operation(String operation) {
    return contract.operation(operation);
  }

  private void meta() {
    admin.expect(200, "GET", "/api/v1/health", null);
    admin.expect(200, "GET", "/api/v1/openapi.json", null);
    admin.expect(200, "GET", "/api/v1/docs", null);
    admin.expect(200, "GET", "/api/v1/schemas/job.json", null);
    admin.expect(200, "GET", "/metrics", null);
  }

  private void jobs() {
    admin.expect(
        201,
        "POST",
        "/api/v1/jobs",
        job(
            "oa-up",
            "\"owner\":\"team-oa\",\"schedule\":{\"cron\":\"0 2 * * *\"},",
            "echo out; echo err >&2"));
    String yaml = "name: oa-down\nafter: [oa-up]\ntask: {command: 'true'}\n";
    assertThat(admin.send("POST", "/api/v1/jobs", "application/yaml", yaml).status())
        .isEqualTo(201);
    admin.expect(201, "POST", "/api/v1/jobs", job("oa-slow", "\"timeout\":\"PT5M\",", "sleep 300"));
    admin.expect(200, "GET", "/api/v1/jobs", null);
    JsonNode page = admin.expect(200, "GET", "/api/v1/jobs?limit=1&sort=-updatedAt", null).json();
    assertThat(page.has("nextCursor")).as("a first page of one with more to come").isTrue();
    admin.expect(200, "GET", "/api/v1/jobs/oa-up", null);
    admin.expect(
        200,
        "PUT",
        "/api/v1/jobs/oa-up",
        job(
            "oa-up",
            "\"owner\":\"team-oa\",\"description\":\"up\",\"schedule\":{\"cron\":\"0 2 * * *\"},",
            "echo out; echo err >&2"));
    admin.expect(200, "GET", "/api/v1/jobs/oa-up/versions", null);
    admin.expect(200, "POST", "/api/v1/jobs/oa-up/pause", "");
    admin.expect(200, "POST", "/api/v1/jobs/oa-up/resume", "");
  }

  /** A run and its downstream run to the end, its why, logs and a re-run; answers its id. */
  private long runs() {
    String trigger = "{\"logicalTime\":\"" + T1 + "\",\"params\":{\"k\":\"v\"}}";
    long id =
        admin.expect(201, "POST", "/api/v1/jobs/oa-up/runs", trigger).json().get("id").asLong();
    admin.expect(200, "POST", "/api/v1/jobs/oa-up/runs", trigger);
    assertThat(awaitEnd(id).get("state").asText()).isEqualTo("succeeded");
    JsonNode down =
        Await.value(
            "oa-down has run for " + T1,
            WAIT,
            () -> {
              JsonNode items =
                  admin.expect(200, "GET", "/api/v1/runs?job=oa-down", null).json().get("items");
              return items.isEmpty() ? null : items.get(0);
            });
    awaitEnd(down.get("id").asLong());
    admin.expect(200, "GET", "/api/v1/runs", null);
    admin.expect(200, "GET", "/api/v1/runs?limit=1&sort=-logicalTime&state=succeeded,failed", null);
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/why", null);
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/pipeline", null);
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/attempts/1/log", null);
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/attempts/1/log?stream=stderr", null);
    JsonNode rerun =
        admin.expect(200, "POST", "/api/v1/runs/" + id + "/rerun", "{\"downstream\":true}").json();
    assertThat(rerun.get("downstream")).as("the downstream run goes again").isNotEmpty();
    awaitEnd(id);
    failingRunRetried();
    return id;
  }

  /** A failing run waits for its retry (retryAt, failures, a backoff reason), then fails. */
  private void failingRunRetried() {
    String retries = "\"retries\":{\"max\":1,\"delay\":\"PT2S\"},";
    admin.expect(201, "POST", "/api/v1/jobs", job("oa-fail", retries, "exit 3"));
    long id =
        admin.expect(201, "POST", "/api/v1/jobs/oa-fail/runs", "{}").json().get("id").asLong();
    Await.value(
        "run " + id + " waits to retry",
        WAIT,
        () -> {
          JsonNode run = admin.expect(200, "GET", "/api/v1/runs/" + id, null).json();
          return run.get("state").asText().equals("retrying") ? run : null;
        });
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/why", null);
    assertThat(awaitEnd(id).get("state").asText()).isEqualTo("failed");
    failedRunNeedsAttentionAndIsRerun(id);
  }

  /** The failed run needs attention; the bulk re-run, then a pipeline retry, run it again. */
  private void failedRunNeedsAttentionAndIsRerun(long id) {
    JsonNode attention = admin.expect(200, "GET", "/api/v1/attention", null).json();
    assertThat(attention.findValues("runId")).extracting(JsonNode::asLong).contains(id);
    String bulk = "/api/v1/runs/" + id + "/pipeline/rerun-failed";
    JsonNode preview = admin.expect(200, "GET", bulk, null).json();
    assertThat(preview.at("/runs/0/id").asLong()).isEqualTo(id);
    JsonNode reset = admin.expect(200, "POST", bulk, "").json();
    assertThat(reset.at("/runs/0/id").asLong()).isEqualTo(id);
    assertThat(awaitEnd(id).get("state").asText()).isEqualTo("failed");
    admin.expect(404, "GET", "/api/v1/runs/999999/pipeline/rerun-failed", null);
    admin.expect(200, "POST", "/api/v1/runs/" + id + "/pipeline/retry", "");
    admin.expect(409, "POST", "/api/v1/runs/" + id + "/pipeline/retry", ""); // 2 s to its retry
    admin.expect(200, "GET", "/api/v1/runs/" + id + "/pipeline", null); // now with its retries
    awaitEnd(id);
  }

  /** With wait, each GET answers as soon as the run ends; polling only covers the long-poll. */
  private static JsonNode awaitEnd(long id) {
    return Await.value(
        "run " + id + " ends",
        WAIT,
        () -> {
          JsonNode run =
              admin.expect(200, "GET", "/api/v1/runs/" + id + "?wait=PT10S", null).json();
          return ENDED.contains(run.get("state").asText()) ? run : null;
        });
  }

  private void slowRunKilledWhileTheEventStreamWatches() throws Exception {
    HttpResponse<Stream<String>> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + SERVER.port() + "/api/v1/events?job=oa-slow"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + ADMIN)
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> body = stream.body()) {
      JsonNode documented = contract.response("GET /api/v1/events", stream.statusCode());
      String type = stream.headers().firstValue("Content-Type").orElse("");
      assertThat(documented.path("content").has(type.split(";")[0].strip())).as(type).isTrue();
      Iterator<String> lines = body.iterator();
      // The subscription's comment comes first: changes after it are not missed.
      assertThat(CompletableFuture.supplyAsync(lines::next).get(30, TimeUnit.SECONDS))
          .startsWith(":");
      long id =
          admin.expect(201, "POST", "/api/v1/jobs/oa-slow/runs", "{}").json().get("id").asLong();
      String data =
          CompletableFuture.supplyAsync(
                  () -> {
                    while (lines.hasNext()) {
                      String line = lines.next();
                      if (line.startsWith("data:")) {
                        return line.substring("data:".length()).strip();
                      }
                    }
                    return null;
                  })
              .get(60, TimeUnit.SECONDS);
      contract.validate(
          "an event's data", documented.get("x-event-data"), OpenApiContract.read(data));
      admin.record("GET /api/v1/events", stream.statusCode());
      Await.value(
          "run " + id + " is running",
          WAIT,
          () -> {
            JsonNode run = admin.expect(200, "GET", "/api/v1/runs/" + id, null).json();
            return run.get("state").asText().equals("running")
                    && run.get("attempts").size() == 1
                    && run.at("/attempts/0/state").asText().equals("running")
                ? run
                : null;
          });
      admin.expect(200, "GET", "/api/v1/runs/" + id + "/why", null);
      admin.expect(200, "POST", "/api/v1/runs/" + id + "/kill", "");
      assertThat(awaitEnd(id).get("state").asText()).isEqualTo("killed");
      // An ended run cannot be killed again.
      admin.expect(409, "POST", "/api/v1/runs/" + id + "/kill", "");
    }
  }

  private void waitingRunsSkippedAndMarkedSucceeded() {
    // A paused job's runs stay queued: one is skipped, the other marked succeeded.
    admin.expect(201, "POST", "/api/v1/jobs", job("oa-held", "\"paused\":true,", "true"));
    long skip =
        admin
            .expect(
                201,
                "POST",
                "/api/v1/jobs/oa-held/runs",
                "{\"logicalTime\":\"2026-02-01T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    admin.expect(200, "GET", "/api/v1/runs/" + skip + "/why", null);
    admin.expect(200, "POST", "/api/v1/runs/" + skip + "/skip", "");
    long mark =
        admin
            .expect(
                201,
                "POST",
                "/api/v1/jobs/oa-held/runs",
                "{\"logicalTime\":\"2026-02-02T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    admin.expect(200, "POST", "/api/v1/runs/" + mark + "/mark-success", "");
    long hold =
        admin
            .expect(
                201,
                "POST",
                "/api/v1/jobs/oa-held/runs",
                "{\"logicalTime\":\"2026-02-03T02:00:00Z\",\"priority\":5}")
            .json()
            .get("id")
            .asLong();
    admin.expect(409, "POST", "/api/v1/runs/" + hold + "/release", "");
    admin.expect(200, "POST", "/api/v1/runs/" + hold + "/hold", "");
    admin.expect(409, "POST", "/api/v1/runs/" + hold + "/hold", "");
    admin.expect(200, "POST", "/api/v1/runs/" + hold + "/release", "");
  }

  private void backfill() {
    // A year of daily fires, one at a time: still running when cancelled.
    JsonNode started =
        admin
            .expect(
                201,
                "POST",
                "/api/v1/jobs/oa-up/backfill",
                "{\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-12-31T00:00:00Z\","
                    + "\"parallelism\":1,\"params\":{\"k\":\"b\"}}")
            .json();
    long id = started.get("id").asLong();
    admin.expect(200, "GET", "/api/v1/backfills/" + id, null);
    admin.expect(200, "POST", "/api/v1/backfills/" + id + "/cancel", "");
    admin.expect(200, "GET", "/api/v1/backfills/" + id, null);
  }

  private void applyAndPreview() {
    String set =
        "["
            + job("oa-up", "\"owner\":\"team-oa\",\"schedule\":{\"cron\":\"0 3 * * *\"},", "true")
            + ","
            + job("oa-applied", "", "true")
            + "]";
    JsonNode plan =
        admin.expect(200, "POST", "/api/v1/apply", "{\"jobs\":" + set + ",\"dryRun\":true}").json();
    assertThat(plan.get("updated")).isNotEmpty();
    assertThat(plan.get("created")).isNotEmpty();
    admin.expect(
        200,
        "POST",
        "/api/v1/apply",
        "{\"jobs\":[" + job("oa-applied", "", "true") + "],\"source\":\"openapi-test\"}");
    admin.expect(204, "DELETE", "/api/v1/jobs/oa-applied", null);
    admin.expect(
        200,
        "POST",
        "/api/v1/schedule/preview",
        "{\"cron\":\"30 2 * * *\",\"timezone\":\"Europe/Berlin\","
            + "\"from\":\"2026-03-27T00:00:00Z\",\"count\":3}");
    OpenApiCalendarCalls.exercise(admin);
  }

  private void tokensAuditAndNotifications() {
    admin.expect(
        201,
        "POST",
        "/api/v1/tokens",
        "{\"name\":\"oa-viewer\",\"role\":\"viewer\",\"owners\":[\"team-oa\"]}");
    admin.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"oa-admin\",\"role\":\"admin\"}");
    admin.expect(200, "GET", "/api/v1/tokens", null);
    admin.expect(204, "DELETE", "/api/v1/tokens/oa-viewer", null);
    JsonNode audit = admin.expect(200, "GET", "/api/v1/audit?limit=2", null).json();
    admin.expect(200, "GET", "/api/v1/audit?cursor=" + audit.get("nextCursor").asText(), null);
    admin.expect(200, "GET", "/api/v1/audit?job=oa-up&since=2026-01-01T00:00:00Z", null);
    Await.value(
        "the killed run's delivery is recorded",
        WAIT,
        () -> {
          JsonNode items =
              admin.expect(200, "GET", "/api/v1/notifications", null).json().get("items");
          return items.isEmpty() ? null : items;
        });
    admin.expect(200, "GET", "/api/v1/notifications?job=oa-slow", null);
  }

  /**
   * The error shape of each route: without a token every protected operation is refused, and each
   * kind of route refuses bad input, unknown names and conflicts in its own words.
   */
  private void errors(long run) {
    admin.as(null).refusedWithoutToken("oa-up");
    admin.expect(404, "GET", "/api/v1/jobs/oa-missing", null);
    admin.expect(400, "POST", "/api/v1/jobs", "{\"name\":\"Bad Name\"}");
    admin.expect(409, "DELETE", "/api/v1/jobs/oa-up", null); // oa-down depends on it
    admin.expect(404, "GET", "/api/v1/runs/999999", null);
    admin.expect(400, "GET", "/api/v1/runs?state=bogus", null);
    admin.expect(400, "GET", "/api/v1/runs/" + run + "?wait=PT1H", null);
    admin.expect(404, "GET", "/api/v1/runs/" + run + "/attempts/9/log", null);
    admin.expect(400, "POST", "/api/v1/runs/" + run + "/rerun", "{\"bogus\":1}");
    admin.expect(404, "GET", "/api/v1/backfills/999999", null);
    admin.expect(400, "POST", "/api/v1/jobs/oa-up/backfill", "{\"from\":\"2026-01-01T00:00:00Z\"}");
    JsonNode invalid =
        admin
            .expect(
                400, "POST", "/api/v1/apply", "{\"jobs\":[{\"name\":\"oa-bad\"}],\"dryRun\":true}")
            .json();
    assertThat(invalid.at("/error/fields/0/job").asText()).isEqualTo("oa-bad");
    admin.expect(400, "POST", "/api/v1/schedule/preview", "{\"cron\":\"not a cron\"}");
    admin.expect(404, "DELETE", "/api/v1/tokens/oa-missing", null);
    admin.expect(400, "POST", "/api/v1/tokens", "{\"name\":\"oa-x\",\"role\":\"root\"}");
    admin.expect(400, "GET", "/api/v1/audit?limit=0", null);
  }
}
