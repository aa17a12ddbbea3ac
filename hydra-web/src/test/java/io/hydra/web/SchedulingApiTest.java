package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3 over HTTP with real processes: schedule preview, pause and resume, why, re-run with
 * downstream, mark success, skip, kill, and backfills.
 */
class SchedulingApiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
  }

  private static void job(String name, String extra, String command) {
    ApiClient.Response r =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"" + name + "\"," + extra + "\"task\":{\"command\":\"" + command + "\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static final String DAILY = "\"schedule\":{\"cron\":\"0 2 * * *\"},";

  private static long trigger(String job, String logicalTime) {
    return api.post("/api/v1/jobs/" + job + "/runs", "{\"logicalTime\":\"" + logicalTime + "\"}")
        .json()
        .get("id")
        .asLong();
  }

  private static JsonNode awaitRun(long id, String state) {
    return api.awaitJson(
        "run " + id + " is " + state,
        "/api/v1/runs/" + id,
        WAIT,
        run -> run.get("state").asText().equals(state));
  }

  private static JsonNode runOf(String job, String logicalTime) {
    JsonNode items = api.get("/api/v1/runs?job=" + job).json().get("items");
    for (JsonNode run : items) {
      if (run.get("logicalTime").asText().equals(logicalTime)) {
        return run;
      }
    }
    return null;
  }

  private static JsonNode awaitRun(String job, String logicalTime, String state) {
    api.awaitJson(
        job + " " + logicalTime + " is " + state,
        "/api/v1/runs?job=" + job,
        WAIT,
        page -> {
          JsonNode run = runOf(job, logicalTime);
          return run != null && run.get("state").asText().equals(state);
        });
    return runOf(job, logicalTime);
  }

  private static List<String> kinds(long runId) {
    List<String> kinds = new ArrayList<>();
    api.get("/api/v1/runs/" + runId + "/why")
        .json()
        .get("reasons")
        .forEach(r -> kinds.add(r.get("kind").asText()));
    return kinds;
  }

  @Test
  void previewShowsFireTimesInTheZoneAndInUtcWithDstNotes() {
    ApiClient.Response r =
        api.post(
            "/api/v1/schedule/preview",
            "{\"cron\":\"30 2 * * *\","
                + "\"timezone\":\"America/New_York\",\"from\":\"2026-03-07T12:00:00Z\",\"count\":2}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode fires = r.json().get("fires");
    assertThat(fires.get(0).get("local").asText()).isEqualTo("2026-03-08T03:00:00-04:00");
    assertThat(fires.get(0).get("utc").asText()).isEqualTo("2026-03-08T07:00:00Z");
    assertThat(fires.get(0).get("dst").asText()).contains("shifted");
    assertThat(fires.get(1).get("local").asText()).isEqualTo("2026-03-09T02:30:00-04:00");

    ApiClient.Response bad = api.post("/api/v1/schedule/preview", "{\"cron\":\"0 0 2 * * ?\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").get("fields").get(0).get("field").asText())
        .isEqualTo("cron");
    assertThat(api.post("/api/v1/schedule/preview", "{\"cron\":\"@daily\",\"count\":0}").status())
        .isEqualTo(400);
    assertThat(
            api.post(
                    "/api/v1/schedule/preview",
                    "{\"cron\":\"@daily\",\"dst\":" + "{\"gap\":\"later\"}}")
                .json()
                .get("error")
                .get("fields")
                .get(0)
                .get("field")
                .asText())
        .isEqualTo("dst.gap");
  }

  @Test
  void aPausedJobHoldsItsRunsAndSaysWhy() {
    job("held", DAILY, "true");
    assertThat(api.post("/api/v1/jobs/held/pause", "").json().get("spec").get("paused").asBoolean())
        .isTrue();
    long id = trigger("held", "2026-03-01T02:00:00Z");

    assertThat(kinds(id)).containsExactly("paused");
    assertThat(api.get("/api/v1/runs/" + id).json().get("state").asText()).isEqualTo("queued");
    api.post("/api/v1/jobs/held/resume", "");
    awaitRun(id, "succeeded");
  }

  @Test
  void rerunWithDownstreamRunsTheWholeSubgraphAgain() {
    job("r-up", DAILY, "true");
    job("r-down", "\"after\":[\"r-up\"],", "echo $HYDRA_PARAM_MODE");
    long up = trigger("r-up", "2026-03-01T02:00:00Z");
    JsonNode down = awaitRun("r-down", "2026-03-01T02:00:00Z", "succeeded");

    ApiClient.Response rerun =
        api.post(
            "/api/v1/runs/" + up + "/rerun",
            "{\"downstream\":true,\"params\":{\"mode\":\"again\"}}");

    assertThat(rerun.status()).as(rerun.body()).isEqualTo(200);
    assertThat(rerun.json().get("downstream").get(0).get("job").asText()).isEqualTo("r-down");
    JsonNode again =
        api.awaitJson(
            "r-down ran twice",
            "/api/v1/runs/" + down.get("id").asText(),
            WAIT,
            run ->
                run.get("attempts").size() == 2 && run.get("state").asText().equals("succeeded"));
    assertThat(again.get("attempts").get(1).get("exitCode").asInt()).isZero();
    assertThat(api.post("/api/v1/runs/" + up + "/rerun", "{\"downstream\":\"yes\"}").status())
        .isEqualTo(400);
  }

  @Test
  void markSuccessReleasesDownstreamAndSkipIsRefusedForAnEndedSuccess() {
    job("m-up", DAILY, "exit 3");
    job("m-down", "\"after\":[\"m-up\"],", "true");
    long up = trigger("m-up", "2026-03-01T02:00:00Z");
    awaitRun(up, "failed");
    JsonNode down = awaitRun("m-down", "2026-03-01T02:00:00Z", "upstream_failed");
    assertThat(kinds(down.get("id").asLong())).containsExactly("upstream");

    ApiClient.Response marked = api.post("/api/v1/runs/" + up + "/mark-success", "");

    assertThat(marked.json().get("state").asText()).isEqualTo("succeeded");
    awaitRun(down.get("id").asLong(), "succeeded");
    ApiClient.Response skip = api.post("/api/v1/runs/" + up + "/skip", "");
    assertThat(skip.status()).isEqualTo(409);
    assertThat(skip.json().get("error").get("message").asText()).contains("succeeded");
  }

  @Test
  void killEndsARunningTaskWithoutRetry() {
    job("k-slow", DAILY + "\"retries\":{\"max\":2,\"delay\":\"PT1S\"},", "sleep 60");
    long id = trigger("k-slow", "2026-03-01T02:00:00Z");
    awaitRun(id, "running");

    api.post("/api/v1/runs/" + id + "/kill", "");

    JsonNode killed = awaitRun(id, "killed");
    assertThat(killed.get("attempts")).hasSize(1);
    assertThat(killed.get("reason").asText()).contains("killed by");
  }

  @Test
  void backfillCreatesEveryFireTimeAndReportsProgress() {
    job("b-daily", DAILY, "true");
    ApiClient.Response started =
        api.post(
            "/api/v1/jobs/b-daily/backfill",
            "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-03T23:59:59Z\",\"parallelism\":2}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    long id = started.json().get("id").asLong();
    assertThat(started.json().get("total").asInt()).isEqualTo(3);

    JsonNode done =
        api.awaitJson(
            "backfill done",
            "/api/v1/backfills/" + id,
            WAIT,
            b -> b.get("state").asText().equals("succeeded"));

    assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(3);
    assertThat(done.get("remaining").asInt()).isZero();
    assertThat(runOf("b-daily", "2026-01-02T02:00:00Z").get("cause").asText())
        .isEqualTo("backfill");
    assertThat(api.post("/api/v1/backfills/" + id + "/cancel", "").status()).isEqualTo(409);
    assertThat(
            api.post(
                    "/api/v1/jobs/b-daily/backfill",
                    "{\"from\":\"2026-01-03T00:00:00Z\"," + "\"to\":\"2026-01-01T00:00:00Z\"}")
                .status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/backfills/999999").status()).isEqualTo(404);
  }
}
