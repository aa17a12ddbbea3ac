package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.store.json.Json;
import io.hydra.store.testing.TestDatabase;
import io.hydra.web.api.OpenApiContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No input gets a 5xx. Each try takes a valid request of one route (a body or a query string),
 * mutates one value in it (null, wrong types, empty and 100 kB strings, unpaired surrogates and
 * NUL, numbers at and past their limits, instants in years 0 and 9999, durations negative or huge,
 * unknown fields, deep nesting, nulls inside arrays and maps), and sends it: the answer is below
 * 500, a 4xx carries the error shape naming fields, and a 4xx changes nothing.
 */
class NoServerErrorProperties {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static HydraServer server;
  private static ApiClient api;
  private static long runId;
  private static long backfillId;
  private static Path dataDir;

  /** A valid request of one route: the mutation replaces one value of its body or query. */
  private record Seed(String method, String path, ObjectNode body, boolean query) {}

  @BeforeContainer
  static void start() throws Exception {
    try {
      setUp();
    } catch (Throwable t) {
      // jqwik reports a failed container hook only as skipped properties: say why here.
      System.err.println("NoServerErrorProperties could not set up: " + t);
      throw t;
    }
  }

  private static void setUp() throws Exception {
    dataDir = Files.createTempDirectory("hydra-props");
    String db = TestDatabase.createDatabase("hydra_props_" + ProcessHandle.current().pid());
    server = new HydraServer(TestServer.config(dataDir, db).withRateLimit(0, 1)).start();
    api = new ApiClient(server.port());
    assertThat(api.post("/api/v1/jobs", job("pj").toString()).status()).isEqualTo(201);
    runId = api.post("/api/v1/jobs/pj/runs", "{}").json().get("id").asLong();
    backfillId =
        api.post(
                "/api/v1/jobs/pj/backfill",
                "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    seedsFollowTheDocument(new OpenApiContract(api.get("/api/v1/openapi.json").json()));
  }

  /**
   * The valid requests the mutations start from are valid by the OpenAPI document, and there is one
   * for every operation whose body is JSON: a route added with a body is fuzzed, or this fails.
   */
  private static void seedsFollowTheDocument(OpenApiContract contract) {
    java.util.Set<String> withBody = new java.util.TreeSet<>();
    for (String operation : contract.operations()) {
      JsonNode body = contract.operation(operation).path("requestBody");
      if (body.has("$ref") || body.path("content").has("application/json")) {
        withBody.add(operation);
      }
    }
    java.util.Set<String> seeded = new java.util.TreeSet<>();
    for (Seed seed : seeds()) {
      String operation = seed.method() + " " + contract.template(seed.method(), seed.path());
      if (!seed.query()) {
        contract.checkRequest(operation, "application/json", seed.body().toString());
        seeded.add(operation);
      }
    }
    assertThat(seeded).as("operations with a JSON body and a seed").containsAll(withBody);
  }

  private static final java.util.concurrent.atomic.AtomicInteger REFUSED =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger ACCEPTED =
      new java.util.concurrent.atomic.AtomicInteger();

  @AfterContainer
  static void stop() {
    server.close();
    // The mutations mostly break their request; some leave it valid (a null where null means the
    // default). Both must have happened, or the property tested less than it says.
    assertThat(REFUSED.get()).as("refused requests").isGreaterThan(100);
    assertThat(ACCEPTED.get()).as("accepted requests").isPositive();
  }

  private static ObjectNode job(String name) {
    return (ObjectNode)
        Json.json()
            .valueToTree(
                Map.of(
                    "name", name,
                    "owner", "props",
                    "schedule",
                        Map.of(
                            // Leap days only: no fire changes the state while the test runs.
                            "cron", "0 0 29 2 *",
                            "timezone", "Europe/Paris",
                            "dst", Map.of("gap", "shift", "overlap", "first"),
                            "catchup", "latest",
                            "startingDeadline", "PT1H"),
                    "after", List.of(),
                    "concurrency", "forbid",
                    "retries", Map.of("max", 1, "delay", "PT1M", "backoff", 2.0),
                    "timeout", "PT10M",
                    "labels", Map.of("team", "props"),
                    "task",
                        Map.of(
                            "command", "true",
                            "env", Map.of("A", "b"),
                            "resources", Map.of("cpus", 0.1, "mem", 64))));
  }

  private static ObjectNode object(Object value) {
    return (ObjectNode) Json.json().valueToTree(value);
  }

  private static List<Seed> seeds() {
    List<Seed> seeds = new ArrayList<>();
    seeds.add(new Seed("POST", "/api/v1/jobs", job("pj-new"), false));
    seeds.add(new Seed("PUT", "/api/v1/jobs/pj", job("pj"), false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/jobs/pj/runs",
            object(
                Map.of(
                    "logicalTime",
                    "2026-03-01T02:00:00Z",
                    "params",
                    Map.of("k", "v"),
                    "priority",
                    5)),
            false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/runs/" + runId + "/rerun",
            object(Map.of("downstream", false, "params", Map.of("k", "v"))),
            false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/jobs/pj/backfill",
            object(
                Map.of(
                    "from",
                    "2026-01-01T00:00:00Z",
                    "to",
                    "2026-01-03T00:00:00Z",
                    "parallelism",
                    2,
                    "priority",
                    -3)),
            false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/apply",
            object(Map.of("jobs", List.of(job("pj")), "dryRun", true, "prune", false)),
            false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/schedule/preview",
            object(
                Map.of(
                    "cron",
                    "0 2 * * *",
                    "timezone",
                    "UTC",
                    "from",
                    "2026-01-01T00:00:00Z",
                    "count",
                    5)),
            false));
    seeds.add(
        new Seed(
            "GET",
            "/api/v1/runs",
            object(
                Map.of(
                    "job", "pj",
                    "state", "queued",
                    "from", "2026-01-01T00:00:00Z",
                    "to", "2026-12-01T00:00:00Z",
                    "limit", 10)),
            true));
    seeds.add(
        new Seed(
            "PUT",
            "/api/v1/calendars/props-cal",
            object(Map.of("kind", "calendar", "description", "d", "dates", List.of("2026-12-25"))),
            false));
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/tokens",
            object(Map.of("name", "t-props", "role", "viewer", "owners", List.of("props"))),
            false));
    // Operations that take no fields: the mutation adds one (see mutate).
    for (String path :
        List.of(
            "/api/v1/jobs/pj/pause",
            "/api/v1/jobs/pj/resume",
            "/api/v1/backfills/" + backfillId + "/cancel",
            "/api/v1/runs/" + runId + "/kill",
            "/api/v1/runs/" + runId + "/skip",
            "/api/v1/runs/" + runId + "/mark-success",
            "/api/v1/runs/" + runId + "/hold",
            "/api/v1/runs/" + runId + "/release",
            "/api/v1/runs/" + runId + "/pipeline/rerun-failed",
            "/api/v1/runs/" + runId + "/pipeline/retry")) {
      seeds.add(new Seed("POST", path, NODES.objectNode(), false));
    }
    seeds.add(new Seed("GET", "/api/v1/jobs", object(Map.of("owner", "props", "limit", 10)), true));
    seeds.add(new Seed("GET", "/api/v1/audit", object(Map.of("limit", 10)), true));
    return seeds;
  }

  /** What a malformed value may be, in place of any value of a valid request. */
  private static Arbitrary<JsonNode> badValues() {
    String big = "x".repeat(100_000);
    return Arbitraries.of(
        NODES.nullNode(),
        NODES.textNode(""),
        NODES.textNode(big),
        NODES.textNode("\uD800"), // an unpaired surrogate
        NODES.textNode("a\u0000b"),
        NODES.numberNode(Long.MAX_VALUE),
        NODES.numberNode(Long.MIN_VALUE),
        NODES.numberNode(Integer.MAX_VALUE + 1L),
        NODES.numberNode(-1),
        NODES.numberNode(1e308),
        NODES.numberNode(new java.math.BigDecimal("1e400")),
        NODES.booleanNode(true),
        NODES.textNode("0000-01-01T00:00:00Z"),
        NODES.textNode("9999-12-31T23:59:59Z"),
        NODES.textNode("+10000-01-01T00:00:00Z"),
        NODES.textNode("-PT1H"),
        NODES.textNode("PT9999999999999H"),
        NODES.textNode("P106751991167300D"),
        NODES.arrayNode().add(NODES.nullNode()),
        NODES.objectNode().putNull("k"),
        NODES.objectNode().put("unknownField", 1),
        deep(40));
  }

  private static JsonNode deep(int levels) {
    JsonNode node = NODES.numberNode(1);
    for (int i = 0; i < levels; i++) {
      node = NODES.arrayNode().add(node);
    }
    return node;
  }

  @Provide
  Arbitrary<Seed> mutated() {
    return Combinators.combine(
            Arbitraries.of(seeds()), Arbitraries.integers().between(0, 1000), badValues())
        .as(NoServerErrorProperties::mutate);
  }

  /** The seed with its {@code pick}-th value (in document order) replaced by {@code bad}. */
  private static Seed mutate(Seed seed, int pick, JsonNode bad) {
    ObjectNode body = seed.body().deepCopy();
    List<JsonNode[]> slots = new ArrayList<>(); // {parent, key-or-index}
    collect(body, slots);
    if (slots.isEmpty()) {
      body.set("field" + pick, bad); // a body that takes no fields gets one
      return new Seed(seed.method(), seed.path(), body, seed.query());
    }
    JsonNode[] slot = slots.get(pick % slots.size());
    if (slot[0] instanceof ObjectNode parent) {
      parent.set(slot[1].asText(), bad);
    } else {
      ((ArrayNode) slot[0]).set(slot[1].asInt(), bad);
    }
    return new Seed(seed.method(), seed.path(), body, seed.query());
  }

  private static void collect(JsonNode node, List<JsonNode[]> slots) {
    if (node instanceof ObjectNode object) {
      object
          .fields()
          .forEachRemaining(
              e -> {
                slots.add(new JsonNode[] {object, NODES.textNode(e.getKey())});
                collect(e.getValue(), slots);
              });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new JsonNode[] {array, NODES.numberNode(i)});
        collect(array.get(i), slots);
      }
    }
  }

  @Property(tries = 400)
  void noInputGetsAServerError(@ForAll("mutated") Seed request) {
    String before = request.method().equals("GET") ? null : state();
    ApiClient.Response response = send(request);
    String what = request.method() + " " + request.path() + " " + abbreviate(request.body());
    assertThat(response.status()).as(what + " -> " + response.body()).isLessThan(500);
    if (response.status() >= 400) {
      JsonNode error = response.json().get("error");
      assertThat(error).as(what).isNotNull();
      assertThat(error.path("message").asText()).as(what).isNotBlank();
      assertThat(error.path("fields").isArray()).as(what).isTrue();
      if (response.status() == 400) {
        assertThat(error.path("fields"))
            .as("%s names the field: %s", what, response.body())
            .isNotEmpty();
      }
      if (before != null) {
        assertThat(state())
            .as("a refused %s (%s %s) changed nothing", what, response.status(), response.body())
            .isEqualTo(before);
      }
      REFUSED.incrementAndGet();
    } else {
      ACCEPTED.incrementAndGet();
    }
  }

  private static ApiClient.Response send(Seed request) {
    if (request.query()) {
      StringBuilder path = new StringBuilder(request.path()).append('?');
      request
          .body()
          .fields()
          .forEachRemaining(
              e ->
                  path.append(e.getKey())
                      .append('=')
                      .append(
                          URLEncoder.encode(
                              e.getValue().isTextual()
                                  ? e.getValue().asText()
                                  : e.getValue().toString(),
                              StandardCharsets.UTF_8))
                      .append('&'));
      return api.get(path.toString());
    }
    return api.send(
        request.method(),
        request.path(),
        "application/json",
        request.body().toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Everything a refused request could change: the jobs, the tokens, the audit log, and which runs
   * requests created (not their states, nor the runs a backfill or a schedule adds meanwhile:
   * accepted requests start those, and they go on in the background).
   */
  private static String state() {
    List<Long> runs = new ArrayList<>();
    for (JsonNode run : api.get("/api/v1/runs?limit=500").json().get("items")) {
      if (run.get("cause").asText().equals("manual")) {
        runs.add(run.get("id").asLong());
      }
    }
    return api.get("/api/v1/jobs?limit=500").body()
        + api.get("/api/v1/tokens").body()
        + api.get("/api/v1/audit?limit=1000").body()
        + runs;
  }

  private static String abbreviate(JsonNode body) {
    String text = body.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
