package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process (embedded PostgreSQL, local launcher) while tasks run,
 * then a restart on the same data directory: nothing is lost and nothing is launched twice.
 */
class CrashRecoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path dataDir;
  @TempDir Path work;
  private final List<Process> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Process p : servers) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void killNineWhileTasksRunThenRestartLosesNothingAndLaunchesNothingTwice() throws Exception {
    Path marks = work.resolve("marks.txt");
    Path go = work.resolve("go");
    Path goFailing = work.resolve("go-failing");
    Process first = startServer();
    ApiClient api = new ApiClient(portOf(first));
    String waitFor = "echo start-$HYDRA_JOB >> " + marks + "; while [ ! -f %s ]; do sleep 0.05;"
        + " done; echo end-$HYDRA_JOB >> " + marks;
    api.post("/api/v1/jobs", "{\"name\":\"survivor\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
        + "\"task\":{\"command\":\"" + String.format(waitFor, go) + "\"}}");
    api.post("/api/v1/jobs", "{\"name\":\"ends-while-down\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
        + "\"task\":{\"command\":\"" + String.format(waitFor, goFailing) + "; exit 7\"}}");
    api.post("/api/v1/jobs", "{\"name\":\"downstream\",\"after\":[\"survivor\"],"
        + "\"task\":{\"command\":\"echo start-$HYDRA_JOB >> " + marks + "\"}}");
    long survivor = api.post("/api/v1/jobs/survivor/runs", "{}").json().get("id").asLong();
    long failing = api.post("/api/v1/jobs/ends-while-down/runs", "{}").json().get("id").asLong();
    Await.until("both tasks started", WAIT, () -> lines(marks).size() == 2);

    first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
    Files.createFile(goFailing);
    Await.until("the second task ended while Hydra was down", WAIT,
        () -> lines(marks).contains("end-ends-while-down"));

    ApiClient restarted = new ApiClient(portOf(startServer()));
    JsonNode ended = restarted.awaitJson("the exit code collected", "/api/v1/runs/" + failing,
        WAIT, run -> run.get("state").asText().equals("failed"));
    assertThat(ended.get("attempts")).hasSize(1);
    assertThat(ended.get("attempts").get(0).get("exitCode").asInt()).isEqualTo(7);

    assertThat(restarted.get("/api/v1/runs/" + survivor).json().get("state").asText())
        .isEqualTo("running");
    Files.createFile(go);
    JsonNode done = restarted.awaitJson("the re-adopted task finished", "/api/v1/runs/" + survivor,
        WAIT, run -> run.get("state").asText().equals("succeeded"));
    assertThat(done.get("attempts")).hasSize(1);
    restarted.awaitJson("downstream ran", "/api/v1/runs?job=downstream", WAIT,
        page -> page.get("items").size() == 1
            && page.get("items").get(0).get("state").asText().equals("succeeded"));

    assertThat(lines(marks)).containsExactlyInAnyOrder("start-survivor", "start-ends-while-down",
        "end-ends-while-down", "end-survivor", "start-downstream");
  }

  private Process startServer() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.hydra.web.cli.Main", "server", "--data-dir", dataDir.toString(), "--port", "0")
        .redirectErrorStream(true);
    builder.environment().remove("HYDRA_DB_URL");
    Process process = builder.start();
    servers.add(process);
    return process;
  }

  /** Reads the server's output until it says where it listens; keeps draining it afterwards. */
  private static int portOf(Process server) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println("[server] " + line);
          Matcher m = LISTENING.matcher(line);
          if (!port.isDone() && line.startsWith("Hydra is running") && m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
        port.completeExceptionally(new AssertionError("server exited before listening"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    return port.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
