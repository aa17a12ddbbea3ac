package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline retries over the API, the page and validation: pr-root (one retry, an hour apart, so
 * only the operator's retry happens here) fails once, so pr-down is upstream-failed.
 */
class PipelineRetryTest {

  private static final String ADMIN = "pipeline-retry-admin";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String T = "2026-04-02T02:00:00Z";

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN));

  @TempDir static Path work;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    admin = new ApiClient(SERVER.port(), ADMIN);
  }

  private static void define(String yaml) {
    ApiClient.Response r = admin.postYaml("/api/v1/jobs", yaml);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static long failedPipeline() {
    String marker = work.resolve("pr-failed-once").toString();
    define(
        "name: pr-root\npipeline: {retries: {max: 1, delay: PT1H}}\ntask: {command: 'if [ -f "
            + marker
            + " ]; then true; else touch "
            + marker
            + "; exit 3; fi'}\n");
    define("name: pr-down\nafter: [pr-root]\ntask: {command: 'true'}\n");
    long root =
        admin
            .post("/api/v1/jobs/pr-root/runs", "{\"logicalTime\":\"" + T + "\"}")
            .json()
            .get("id")
            .asLong();
    admin.awaitJson(
        "pr-down upstream_failed",
        "/api/v1/runs?job=pr-down",
        WAIT,
        page -> page.at("/items/0/state").asText().equals("upstream_failed"));
    return root;
  }

  @Test
  void anOperatorRetriesAFailedPipelineOnceItHasEnded() {
    long root = failedPipeline();
    String pipeline = "/api/v1/runs/" + root + "/pipeline";
    JsonNode before = admin.get(pipeline).json().at("/retries/0");
    assertThat(before.get("root").asText()).isEqualTo("pr-root");
    assertThat(before.get("done").asInt()).isZero();
    assertThat(before.get("max").asInt()).isEqualTo(1);
    assertThat(before.has("nextAt")).as("the policy's retry waits an hour").isTrue();

    String retry = pipeline + "/retry";
    ApiClient.Response bad = admin.post(retry, "{\"now\":true}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/fields/0/field").asText()).isEqualTo("now");
    assertThat(admin.post("/api/v1/runs/999999/pipeline/retry", "").status()).isEqualTo(404);
    assertThat(admin.get(pipeline).json().at("/retries/0/done").asInt()).as("unchanged").isZero();

    ApiClient.Response done = admin.post(retry, "", "Idempotency-Key", "pr-retry-1");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().get("retry").asInt()).as("the waiting retry, early").isEqualTo(1);
    assertThat(
            StreamSupport.stream(done.json().get("runs").spliterator(), false)
                .map(r -> r.get("job").asText()))
        .containsExactly("pr-root", "pr-down");
    assertThat(admin.post(retry, "", "Idempotency-Key", "pr-retry-1").body())
        .as("a repeat answers the first answer")
        .isEqualTo(done.body());
    admin.awaitJson(
        "pr-down succeeded",
        "/api/v1/runs?job=pr-down",
        WAIT,
        page -> page.at("/items/0/state").asText().equals("succeeded"));

    ApiClient.Response again = admin.post(retry, "");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().at("/error/message").asText())
        .isEqualTo("nothing failed in the pipeline of 'pr-root'");
    JsonNode after = admin.get(pipeline).json().at("/retries/0");
    assertThat(after.get("done").asInt()).isEqualTo(1);
    assertThat(after.has("nextAt")).isFalse();
    assertThat(admin.get("/api/v1/runs/" + root).json().toString())
        .contains("re-run by pipeline retry 1 of 1, requested by");
    assertThat(admin.get("/api/v1/audit?job=pr-root").json().at("/items/0/action").asText())
        .isEqualTo("POST /api/v1/runs/{id}/pipeline/retry");
    Await.until(
        "the retried run counted",
        WAIT,
        () -> admin.get("/metrics").body().contains("\nhydra_pipeline_retried_runs_total 1.0"));
    assertThat(page("/runs/" + root + "/pipeline"))
        .contains("Pipeline retries of pr-root: 1 of 1 retries done; retry 1 at");
  }

  @Test
  void aPipelinePolicyOnANodeWithAnUpstreamIsRefusedNamingTheField() {
    define("name: pv-root\ntask: {command: 'true'}\n");
    ApiClient.Response r =
        admin.postYaml(
            "/api/v1/jobs",
            "name: pv-leaf\nafter: [pv-root]\npipeline: {retries: {max: 1}}\n"
                + "task: {command: 'true'}\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/fields/0/field").asText()).isEqualTo("pipeline");
    assertThat(admin.get("/api/v1/jobs/pv-leaf").status()).isEqualTo(404);
  }

  private static String page(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.port() + path))
            .header("Cookie", "hydra_token=" + ADMIN)
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
