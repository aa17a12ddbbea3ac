package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline page, the attention list and the bulk re-run, over the API and as HTML: pa-up fails
 * once, so pa-mid and pa-down are upstream-failed; pa-feed, which pa-mid also waits for, never runs
 * (a pending node).
 */
class PipelineAttentionTest {

  private static final String ADMIN = "pipeline-attention-admin";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String T = "2026-04-01T02:00:00Z";

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN));

  @TempDir static Path work;
  private static ApiClient admin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    admin = new ApiClient(SERVER.port(), ADMIN);
  }

  private static void define(String yaml) {
    ApiClient.Response r = admin.postYaml("/api/v1/jobs", yaml);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static String token(String name, String role, String owners) {
    String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + owners + "}";
    ApiClient.Response r = admin.post("/api/v1/tokens", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  /** The failed pipeline of {@code prefix}; answers the id of its failed root run. */
  private static long failedPipeline(String prefix) {
    String marker = work.resolve(prefix + "-failed-once").toString();
    define(
        "name: "
            + prefix
            + "-up\nowner: team-p\ntask: {command: 'if [ -f "
            + marker
            + " ]; then true; else touch "
            + marker
            + "; exit 3; fi'}\n");
    define("name: " + prefix + "-feed\nowner: team-p\ntask: {command: 'true'}\n");
    define(
        "name: "
            + prefix
            + "-mid\nowner: team-p\nafter: ["
            + prefix
            + "-up, "
            + prefix
            + "-feed]\ntask: {command: 'true'}\n");
    define(
        "name: "
            + prefix
            + "-down\nowner: team-p\nafter: ["
            + prefix
            + "-mid]\ndeadline: PT4H\n"
            + "task: {command: 'true'}\n");
    long up =
        admin
            .post("/api/v1/jobs/" + prefix + "-up/runs", "{\"logicalTime\":\"" + T + "\"}")
            .json()
            .get("id")
            .asLong();
    admin.awaitJson(
        prefix + "-down upstream_failed",
        "/api/v1/runs?job=" + prefix + "-down",
        WAIT,
        page -> page.at("/items/0/state").asText().equals("upstream_failed"));
    return up;
  }

  private static HttpResponse<String> page(String path, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.port() + path))
            .header("Cookie", "hydra_token=" + token)
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> jobs(JsonNode runs) {
    return StreamSupport.stream(runs.spliterator(), false).map(r -> r.get("job").asText()).toList();
  }

  @Test
  void attentionListsTheRootCauseFirstAndTheBulkRerunResetsWhatItPreviewed() {
    long up = failedPipeline("pa");

    JsonNode attention = admin.get("/api/v1/attention").json();
    JsonNode group = attention.at("/groups/0");
    assertThat(group.get("pipeline").asText()).isEqualTo("pa-up");
    assertThat(group.get("logicalTime").asText()).isEqualTo(T);
    assertThat(jobs(group.get("items"))).containsExactly("pa-up", "pa-down", "pa-mid");
    assertThat(group.at("/items/0/rootCause").asBoolean()).isTrue();
    assertThat(group.at("/items/0/blocks").asInt()).as("pa-mid and pa-down").isEqualTo(2);
    String other = token("pa-other", "viewer", ",\"owners\":[\"team-other\"]");
    assertThat(admin.as(other).get("/api/v1/attention").json().get("groups")).isEmpty();

    String bulk = "/api/v1/runs/" + up + "/pipeline/rerun-failed";
    assertThat(jobs(admin.get(bulk).json().get("runs")))
        .containsExactly("pa-up", "pa-mid", "pa-down");
    String viewer = token("pa-viewer", "viewer", "");
    assertThat(admin.as(viewer).post(bulk, "").status()).isEqualTo(403);
    ApiClient.Response reset = admin.post(bulk, "");
    assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    assertThat(jobs(reset.json().get("runs"))).containsExactly("pa-up", "pa-mid", "pa-down");

    admin.awaitJson(
        "pa-up succeeded",
        "/api/v1/runs/" + up,
        WAIT,
        r -> r.get("state").asText().equals("succeeded"));
    JsonNode audit = admin.get("/api/v1/audit?job=pa-up").json();
    assertThat(audit.at("/items/0/action").asText())
        .isEqualTo("POST /api/v1/runs/{id}/pipeline/rerun-failed");
    assertThat(admin.get(bulk).json().get("runs")).as("pa-mid waits for pa-feed now").isEmpty();
  }

  @Test
  void pipelineRunAndAttentionPagesShowStatesReasonsAndTheActionsTheRoleAllows() {
    long up = failedPipeline("ph");
    String viewer = token("ph-viewer", "viewer", "");

    long mid = admin.get("/api/v1/runs?job=ph-mid").json().at("/items/0/id").asLong();
    // ph-feed is in ph-mid's pipeline (an upstream), not in ph-up's (a sibling branch).
    String html = page("/runs/" + mid + "/pipeline", ADMIN).body();
    assertThat(html)
        .contains("data-job=\"ph-up\" data-state=\"failed\"")
        .contains("class=\"n-upstream_failed\"")
        .contains("data-job=\"ph-feed\" data-state=\"pending\"")
        .contains("no run yet at this logical time")
        .contains("id=\"act-rerun-failed\"")
        .contains("hx-trigger=\"hydra-run from:body");
    assertThat(html).containsPattern("(?s)data-job=\"ph-down\".*?2026-04-01T06:00:00Z");
    assertThat(page("/runs/" + mid + "/pipeline", viewer).body()).doesNotContain("data-api");

    String preview = page("/ui/runs/" + up + "/pipeline/rerun-failed-preview", ADMIN).body();
    assertThat(preview).contains("3 runs").contains("run " + up + " ph-up (now failed)");

    String run = page("/runs/" + up, ADMIN).body();
    assertThat(run).contains("href=\"/runs/" + up + "/pipeline\"");
    assertThat(run).containsPattern("(?s)id=\"waiting\".*ph-mid.*upstream_failed");

    String attention = page("/attention", viewer).body();
    assertThat(attention).contains("root cause").contains("2 downstream");
    assertThat(attention.indexOf("data-job=\"ph-up\""))
        .isLessThan(attention.indexOf("data-job=\"ph-mid\""));
  }
}
