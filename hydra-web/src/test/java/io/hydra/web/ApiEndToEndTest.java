package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole server (real PostgreSQL, local launcher, real processes) driven over HTTP. */
class ApiEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  @TempDir static Path work;
  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
  }

  private static String job(String name, String extra, String command) {
    return "{\"name\":\"" + name + "\"," + extra + "\"task\":{\"command\":\"" + command + "\"}}";
  }

  private static JsonNode awaitRun(String job, String state) {
    return api.awaitJson(
            job + " has a " + state + " run",
            "/api/v1/runs?job=" + job,
            WAIT,
            page ->
                page.get("items").size() > 0
                    && page.get("items").get(0).get("state").asText().equals(state))
        .get("items")
        .get(0);
  }

  @Test
  void aThreeJobPipelineTriggeredOnceRunsInOrder() throws IOException {
    Path trail = work.resolve("pipeline.txt");
    String echo = "echo $HYDRA_JOB $HYDRA_LOGICAL_DATE >> " + trail;
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    job("p-extract", "\"schedule\":{\"cron\":\"0 2 * * *\"},", echo))
                .status())
        .isEqualTo(201);
    assertThat(
            api.post("/api/v1/jobs", job("p-transform", "\"after\":[\"p-extract\"],", echo))
                .status())
        .isEqualTo(201);
    assertThat(
            api.postYaml(
                    "/api/v1/jobs",
                    "name: p-load\nafter: [p-transform]\ntask:\n  args: [sh, -c, 'echo loaded; "
                        + echo
                        + "']\n")
                .status())
        .isEqualTo(201);

    ApiClient.Response trigger =
        api.post("/api/v1/jobs/p-extract/runs", "{\"logicalTime\":\"2026-03-01T02:00:00Z\"}");
    assertThat(trigger.status()).isEqualTo(201);
    assertThat(trigger.json().get("logicalTime").asText()).isEqualTo("2026-03-01T02:00:00Z");

    JsonNode load = awaitRun("p-load", "succeeded");
    assertThat(Files.readAllLines(trail))
        .containsExactly("p-extract 2026-03-01", "p-transform 2026-03-01", "p-load 2026-03-01");
    JsonNode detail = api.get("/api/v1/runs/" + load.get("id").asText()).json();
    assertThat(detail.get("logicalTime").asText()).isEqualTo("2026-03-01T02:00:00Z");
    assertThat(detail.get("attempts")).hasSize(1);
    assertThat(detail.get("attempts").get(0).get("exitCode").asInt()).isZero();
    assertThat(detail.get("cause").asText()).isEqualTo("upstream");
    ApiClient.Response log =
        api.get("/api/v1/runs/" + load.get("id").asText() + "/attempts/1/log?stream=stdout");
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.body()).contains("loaded");
  }

  @Test
  void aFailingJobIsRetriedFailsItsDownstreamAndARerunAfterTheFixCompletesIt() {
    Path fixed = work.resolve("fixed");
    String check = "echo trying; test -f " + fixed + " || exit 3";
    api.post(
        "/api/v1/jobs",
        job(
            "f-source",
            "\"schedule\":{\"cron\":\"0 2 * * *\"},\"retries\":{\"max\":2,\"delay\":\"PT0.2S\"},",
            check));
    api.post("/api/v1/jobs", job("f-sink", "\"after\":[\"f-source\"],", "echo sink"));

    long id = api.post("/api/v1/jobs/f-source/runs", "{}").json().get("id").asLong();
    JsonNode failed =
        api.awaitJson(
            "f-source failed",
            "/api/v1/runs/" + id,
            WAIT,
            run -> run.get("state").asText().equals("failed"));
    assertThat(failed.get("attempts")).hasSize(3);
    for (JsonNode attempt : failed.get("attempts")) {
      assertThat(attempt.get("exitCode").asInt()).isEqualTo(3);
    }
    JsonNode sink = awaitRun("f-sink", "upstream_failed");
    assertThat(sink.get("reason").asText()).contains("f-source");

    try {
      Files.createFile(fixed);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    ApiClient.Response rerun = api.post("/api/v1/runs/" + id + "/rerun", "{}");
    assertThat(rerun.status()).isEqualTo(200);

    awaitRun("f-sink", "succeeded");
    JsonNode source = api.get("/api/v1/runs/" + id).json();
    assertThat(source.get("state").asText()).isEqualTo("succeeded");
    assertThat(source.get("attempts")).hasSize(4);
  }

  @Test
  void aRealScheduleFiresOnItsOwn() {
    api.post(
        "/api/v1/jobs",
        job(
            "every-2s",
            "\"schedule\":{\"cron\":\"*/2 * * * * ?\",\"dialect\":\"quartz\"},",
            "echo tick"));

    JsonNode run = awaitRun("every-2s", "succeeded");

    assertThat(run.get("cause").asText()).isEqualTo("schedule");
    assertThat(java.time.Instant.parse(run.get("logicalTime").asText()).getEpochSecond() % 2)
        .isZero();
    assertThat(api.delete("/api/v1/jobs/every-2s").status()).isEqualTo(204);
  }

  @Test
  void invalidJobsAreRejectedWithTheFieldAndTheReason() {
    assertError(
        api.post("/api/v1/jobs", job("Bad Name", "", "true")), 400, "name", "lower-case letters");
    assertError(
        api.post(
            "/api/v1/jobs", job("bad-cron", "\"schedule\":{\"cron\":\"61 * * * *\"},", "true")),
        400,
        "schedule.cron",
        "");
    assertError(
        api.post(
            "/api/v1/jobs",
            job(
                "bad-zone",
                "\"schedule\":{\"cron\":\"0 2 * * *\",\"timezone\":\"Mars/Olympus\"},",
                "true")),
        400,
        "schedule.timezone",
        "Mars/Olympus");
    assertError(
        api.post("/api/v1/jobs", job("orphan", "\"after\":[\"nowhere\"],", "true")),
        400,
        "after[0].job",
        "nowhere");
    assertError(
        api.post("/api/v1/jobs", job("never", "\"schedule\":{\"cron\":\"0 0 31 2 *\"},", "true")),
        400,
        "schedule.cron",
        "never fires");
    assertError(
        api.post("/api/v1/jobs", "{\"name\": \"x\", \"retries\": {\"max\": \"many\"}}"),
        400,
        "retries.max",
        "");
    assertError(api.post("/api/v1/jobs", "{\"name\": "), 400, "body", "malformed");

    api.post("/api/v1/jobs", job("c-a", "\"schedule\":{\"cron\":\"0 2 * * *\"},", "true"));
    api.post("/api/v1/jobs", job("c-b", "\"after\":[\"c-a\"],", "true"));
    assertError(
        api.put(
            "/api/v1/jobs/c-a",
            job("c-a", "\"schedule\":{\"cron\":\"0 2 * * *\"},\"after\":[\"c-b\"],", "true")),
        400,
        "after",
        "c-a -> c-b -> c-a");
    assertThat(api.get("/api/v1/jobs/c-a").json().get("version").asInt()).isEqualTo(1);
    assertError(api.delete("/api/v1/jobs/c-a"), 409, null, "c-b");
  }

  @Test
  void everyJobChangeIsAVersion() {
    api.post("/api/v1/jobs", job("versioned", "\"schedule\":{\"cron\":\"0 2 * * *\"},", "echo 1"));
    api.put(
        "/api/v1/jobs/versioned",
        job("versioned", "\"schedule\":{\"cron\":\"0 3 * * *\"},", "echo 2"));

    JsonNode job = api.get("/api/v1/jobs/versioned").json();
    assertThat(job.get("version").asInt()).isEqualTo(2);
    assertThat(job.get("spec").get("schedule").get("cron").asText()).isEqualTo("0 3 * * *");
    assertThat(job.get("nextFireAt").asText()).endsWith("T03:00:00Z");
    List<Integer> versions = new ArrayList<>();
    api.get("/api/v1/jobs/versioned/versions")
        .json()
        .get("items")
        .forEach(v -> versions.add(v.get("version").asInt()));
    assertThat(versions).containsExactly(2, 1);
  }

  @Test
  void badRequestsAreFourHundredsWithJson() {
    assertError(api.get("/api/v1/runs?state=sleeping"), 400, "state", "sleeping");
    assertError(api.get("/api/v1/runs?limit=0"), 400, "limit", "");
    assertError(api.get("/api/v1/runs/abc"), 400, "id", "abc");
    assertError(api.get("/api/v1/runs/999999"), 404, null, "999999");
    assertError(api.get("/api/v1/jobs/nope"), 404, null, "nope");
    assertError(api.get("/api/v1/nothing-here"), 404, null, "/api/v1/nothing-here");
    assertError(api.post("/api/v1/jobs/nope/runs", "{}"), 404, null, "nope");
    api.post("/api/v1/jobs", job("trig", "\"schedule\":{\"cron\":\"0 2 * * *\"},", "true"));
    assertError(
        api.post("/api/v1/jobs/trig/runs", "{\"logicalTime\":\"yesterday\"}"),
        400,
        "logicalTime",
        "ISO-8601");
    assertError(api.post("/api/v1/jobs/trig/runs", "{\"when\":1}"), 400, "when", "unknown");
    assertError(
        api.post("/api/v1/jobs/trig/runs", "{\"params\":{\"a\":[1]}}"), 400, "params.a", "string");
    assertThat(api.get("/api/v1/health").json().get("status").asText()).isEqualTo("ok");
  }

  private static void assertError(ApiClient.Response r, int status, String field, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).isNotBlank();
    if (field != null) {
      List<String> fields = new ArrayList<>();
      error
          .get("fields")
          .forEach(f -> fields.add(f.get("field").asText() + ": " + f.get("message").asText()));
      assertThat(fields)
          .as(r.body())
          .anySatisfy(f -> assertThat(f).startsWith(field + ": ").contains(text));
    } else {
      assertThat(error.get("message").asText()).contains(text);
    }
  }
}
