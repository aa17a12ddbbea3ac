package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Long-polling a run until it ends, and the Server-Sent Events stream of run changes. */
class WaitingTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
  }

  private static long trigger(String job, String command) {
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\""
                        + job
                        + "\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"task\":{\"command\":\""
                        + command
                        + "\"}}")
                .status())
        .isEqualTo(201);
    return api.post("/api/v1/jobs/" + job + "/runs", "{}").json().get("id").asLong();
  }

  @Test
  void aLongPollAnswersWhenTheRunEnds() {
    long id = trigger("wait-ends", "sleep 2");
    long started = System.nanoTime();
    ApiClient.Response r = api.get("/api/v1/runs/" + id + "?wait=PT60S");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("state").asText()).isEqualTo("succeeded");
    assertThat(took)
        .as("answered when the run ended, not at the end of the wait")
        .isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aLongPollAnswersTheCurrentStateWhenTheWaitIsOver() {
    long id = trigger("wait-expires", "sleep 60");
    long started = System.nanoTime();
    JsonNode run = api.get("/api/v1/runs/" + id + "?wait=PT1S").json();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(run.get("state").asText()).isIn("queued", "running");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
        .isLessThan(Duration.ofSeconds(20));
    assertThat(api.post("/api/v1/runs/" + id + "/kill", "{}").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/runs/" + id + "?wait=PT30S").json().get("state").asText())
        .isEqualTo("killed");
    ApiClient.Response bad = api.get("/api/v1/runs/" + id + "?wait=forever");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/fields/0/field").asText()).isEqualTo("wait");
    assertThat(api.get("/api/v1/runs/" + id + "?wait=PT6M").status()).isEqualTo(400);
  }

  @Test
  void theEventStreamCarriesEachStateChangeOfTheChosenJob() throws Exception {
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"sse-job\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(201);
    HttpResponse<Stream<String>> stream = openEvents(HttpClient.newHttpClient(), "?job=sse-job");
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    Iterator<String> lines = stream.body().iterator();
    // Wait for the subscription before causing changes, so none is missed.
    assertThat(CompletableFuture.supplyAsync(lines::next).get(30, TimeUnit.SECONDS))
        .startsWith(":");
    trigger("sse-other", "true");
    long id = api.post("/api/v1/jobs/sse-job/runs", "{}").json().get("id").asLong();
    CompletableFuture<String> succeeded =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder states = new StringBuilder();
              while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                  JsonNode change = read(line.substring(5).strip());
                  assertThat(change.get("job").asText()).isEqualTo("sse-job");
                  assertThat(change.get("runId").asLong()).isEqualTo(id);
                  states.append(change.get("state").asText()).append(' ');
                  if (change.get("state").asText().equals("succeeded")) {
                    return states.toString().strip();
                  }
                }
              }
              return states.toString();
            });
    assertThat(succeeded.get(60, TimeUnit.SECONDS)).contains("running").endsWith("succeeded");
    stream.body().close();
  }

  @Test
  void openEventStreamsHoldNoTurnOfTheRequestsAtWork() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
    // More than can work at once (FairAdmission: two per core, at least four).
    int open = 2 * Runtime.getRuntime().availableProcessors() + 4;
    for (int i = 0; i < open; i++) {
      HttpResponse<Stream<String>> stream = openEvents(http, "");
      Iterator<String> lines = stream.body().iterator();
      assertThat(CompletableFuture.supplyAsync(lines::next).get(30, TimeUnit.SECONDS))
          .startsWith(":");
      streams.add(stream);
    }
    CompletableFuture<Integer> health =
        CompletableFuture.supplyAsync(() -> api.get("/api/v1/health").status());
    assertThat(health.get(30, TimeUnit.SECONDS)).isEqualTo(200);
    assertThat(api.get("/metrics").body()).contains("hydra_http_requests_waiting 0.0");
    streams.forEach(s -> s.body().close());
  }

  /** Opens {@code /api/v1/events} with the given query (empty, or starting with '?'). */
  private HttpResponse<Stream<String>> openEvents(HttpClient http, String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events" + query))
            .header("Accept", "text/event-stream")
            .build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  private static JsonNode read(String json) {
    try {
      return Json.json().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(json, e);
    }
  }
}
