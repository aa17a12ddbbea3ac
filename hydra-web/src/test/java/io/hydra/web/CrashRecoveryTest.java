package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process (embedded PostgreSQL, local launcher) while tasks run,
 * then a restart on the same data directory: nothing is lost and nothing is launched twice.
 */
class CrashRecoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dataDir;
  @TempDir Path work;
  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess server : servers) {
      server.close();
    }
  }

  private ServerProcess startServer() throws Exception {
    ServerProcess server = ServerProcess.embedded(dataDir);
    servers.add(server);
    return server;
  }

  @Test
  void killNineWhileTasksRunThenRestartLosesNothingAndLaunchesNothingTwice() throws Exception {
    Path marks = work.resolve("marks.txt");
    Path go = work.resolve("go");
    Path goFailing = work.resolve("go-failing");
    ServerProcess first = startServer();
    ApiClient api = first.api();
    String waitFor =
        "echo start-$HYDRA_JOB >> "
            + marks
            + "; while [ ! -f %s ]; do sleep 0.05;"
            + " done; echo end-$HYDRA_JOB >> "
            + marks;
    api.post(
        "/api/v1/jobs",
        "{\"name\":\"survivor\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
            + "\"task\":{\"command\":\""
            + String.format(waitFor, go)
            + "\"}}");
    api.post(
        "/api/v1/jobs",
        "{\"name\":\"ends-while-down\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
            + "\"task\":{\"command\":\""
            + String.format(waitFor, goFailing)
            + "; exit 7\"}}");
    api.post(
        "/api/v1/jobs",
        "{\"name\":\"downstream\",\"after\":[\"survivor\"],"
            + "\"task\":{\"command\":\"echo start-$HYDRA_JOB >> "
            + marks
            + "\"}}");
    long survivor = api.post("/api/v1/jobs/survivor/runs", "{}").json().get("id").asLong();
    long failing = api.post("/api/v1/jobs/ends-while-down/runs", "{}").json().get("id").asLong();
    Await.until("both tasks started", WAIT, () -> ServerProcess.lines(marks).size() == 2);

    first.kill(); // SIGKILL: no shutdown hook runs
    Files.createFile(goFailing);
    Await.until(
        "the second task ended while Hydra was down",
        WAIT,
        () -> ServerProcess.lines(marks).contains("end-ends-while-down"));

    ApiClient restarted = startServer().api();
    JsonNode ended =
        restarted.awaitJson(
            "the exit code collected",
            "/api/v1/runs/" + failing,
            WAIT,
            run -> run.get("state").asText().equals("failed"));
    assertThat(ended.get("attempts")).hasSize(1);
    assertThat(ended.get("attempts").get(0).get("exitCode").asInt()).isEqualTo(7);

    assertThat(restarted.get("/api/v1/runs/" + survivor).json().get("state").asText())
        .isEqualTo("running");
    Files.createFile(go);
    JsonNode done =
        restarted.awaitJson(
            "the re-adopted task finished",
            "/api/v1/runs/" + survivor,
            WAIT,
            run -> run.get("state").asText().equals("succeeded"));
    assertThat(done.get("attempts")).hasSize(1);
    restarted.awaitJson(
        "downstream ran",
        "/api/v1/runs?job=downstream",
        WAIT,
        page ->
            page.get("items").size() == 1
                && page.get("items").get(0).get("state").asText().equals("succeeded"));

    assertThat(ServerProcess.lines(marks))
        .containsExactlyInAnyOrder(
            "start-survivor",
            "start-ends-while-down",
            "end-ends-while-down",
            "end-survivor",
            "start-downstream");
  }
}
