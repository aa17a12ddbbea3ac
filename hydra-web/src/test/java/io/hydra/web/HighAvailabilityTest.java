package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL: the follower serves the API (writes included),
 * and when the leader is killed with {@code kill -9} mid-burst it takes over; every run's task
 * runs exactly once. Both share the data directory, so the new leader re-adopts the local tasks
 * the old one started.
 */
class HighAvailabilityTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
  private static final int RUNS = 500;
  private static final int CHAIN = 50;

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
  void killNineOfTheLeaderMidBurstLosesNoRunAndDoublesNone() throws Exception {
    String db = TestDatabase.url(
        TestDatabase.createDatabase("hydra_ha_" + ProcessHandle.current().pid()));
    Process first = startServer(db);
    ApiClient a = new ApiClient(portOf(first));
    a.awaitJson("the first server leads", "/api/v1/health", WAIT,
        h -> h.get("role").asText().equals("leader"));
    Process second = startServer(db);
    ApiClient follower = new ApiClient(portOf(second));
    assertThat(follower.get("/api/v1/health").json().get("role").asText()).isEqualTo("follower");

    Path marks = work.resolve("marks.txt");
    assertThat(follower.post("/api/v1/jobs", "{\"name\":\"burst\",\"concurrency\":\"allow\","
        + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo $HYDRA_LOGICAL_TIME"
        + " >> " + marks + "; sleep 0.2\"}}").status()).isEqualTo(201);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < RUNS; i++) {
      ApiClient.Response r = follower.post("/api/v1/jobs/burst/runs",
          "{\"logicalTime\":\"" + base.plusSeconds(60L * i) + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    io.hydra.store.testing.Await.until("the leader started tasks", WAIT,
        () -> lines(marks).size() >= 50);

    first.destroyForcibly().waitFor(); // kill -9 of the leader, tasks still running

    follower.awaitJson("the follower took over", "/api/v1/health", WAIT,
        h -> h.get("role").asText().equals("leader"));
    follower.awaitJson("every run succeeded", "/api/v1/runs?job=burst&state=succeeded&limit=500",
        WAIT, page -> page.get("items").size() == RUNS);
    List<String> ran = lines(marks);
    assertThat(new HashSet<>(ran)).hasSize(RUNS);
    assertThat(ran).hasSize(RUNS);
  }

  @Test
  void killNineOfTheLeaderMidPipelineRunsEveryStepOnce() throws Exception {
    String db = TestDatabase.url(
        TestDatabase.createDatabase("hydra_ha_chain_" + ProcessHandle.current().pid()));
    Process first = startServer(db);
    ApiClient leader = new ApiClient(portOf(first));
    leader.awaitJson("the first server leads", "/api/v1/health", WAIT,
        h -> h.get("role").asText().equals("leader"));
    ApiClient follower = new ApiClient(portOf(startServer(db)));

    Path marks = work.resolve("chain.txt");
    String task = "\"task\":{\"command\":\"echo $HYDRA_JOB >> " + marks + "; sleep 0.2\"}}";
    follower.post("/api/v1/jobs", "{\"name\":\"step-0\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
        + task);
    for (int i = 1; i < CHAIN; i++) {
      ApiClient.Response r = follower.post("/api/v1/jobs", "{\"name\":\"step-" + i
          + "\",\"after\":[\"step-" + (i - 1) + "\"]," + task);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    follower.post("/api/v1/jobs/step-0/runs", "{\"logicalTime\":\"2026-01-01T02:00:00Z\"}");
    io.hydra.store.testing.Await.until("the pipeline is under way", WAIT,
        () -> lines(marks).size() >= 5);

    first.destroyForcibly().waitFor();

    follower.awaitJson("the last step succeeded", "/api/v1/runs?job=step-" + (CHAIN - 1), WAIT,
        page -> page.get("items").size() == 1
            && page.get("items").get(0).get("state").asText().equals("succeeded"));
    List<String> ran = lines(marks);
    assertThat(ran).hasSize(CHAIN);
    assertThat(new HashSet<>(ran)).hasSize(CHAIN);
    assertThat(ran.get(0)).isEqualTo("step-0");
    assertThat(ran.get(CHAIN - 1)).isEqualTo("step-" + (CHAIN - 1));
  }

  @Test
  void aLeaderCutOffFromTheDatabaseStopsLaunchingAndAnotherTakesOverWithoutDoubles()
      throws Exception {
    String db = TestDatabase.url(
        TestDatabase.createDatabase("hydra_ha_cut_" + ProcessHandle.current().pid()));
    Matcher dbPort = Pattern.compile(":(\\d+)/").matcher(db);
    assertThat(dbPort.find()).isTrue();
    try (TcpProxy proxy = new TcpProxy(Integer.parseInt(dbPort.group(1)))) {
      ApiClient cutOff = new ApiClient(portOf(startServer(
          db.replace(":" + dbPort.group(1) + "/", ":" + proxy.port() + "/"))));
      cutOff.awaitJson("the first server leads", "/api/v1/health", WAIT,
          h -> h.get("role").asText().equals("leader"));
      ApiClient other = new ApiClient(portOf(startServer(db)));
      Path marks = work.resolve("cut.txt");
      other.post("/api/v1/jobs", "{\"name\":\"cut\",\"concurrency\":\"allow\","
          + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo "
          + "$HYDRA_LOGICAL_TIME >> " + marks + "; sleep 0.5\"}}");
      Instant base = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 30; i++) {
        other.post("/api/v1/jobs/cut/runs", "{\"logicalTime\":\"" + base.plusSeconds(60L * i)
            + "\"}");
      }
      io.hydra.store.testing.Await.until("the leader started tasks", WAIT,
          () -> lines(marks).size() >= 3);

      proxy.blackhole(); // the leader's connections hang: a partition

      other.awaitJson("the other server took over", "/api/v1/health", WAIT,
          h -> h.get("role").asText().equals("leader"));
      other.awaitJson("every run succeeded", "/api/v1/runs?job=cut&state=succeeded&limit=500",
          WAIT, page -> page.get("items").size() == 30);
      proxy.restore();
      cutOff.awaitJson("the old leader knows it follows", "/api/v1/health", WAIT,
          h -> h.get("role").asText().equals("follower") && h.get("status").asText().equals("ok"));
      List<String> ran = lines(marks);
      assertThat(ran).hasSize(30);
      assertThat(new HashSet<>(ran)).hasSize(30);
    }
  }

  private Process startServer(String dbUrl) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.hydra.web.cli.Main", "server", "--data-dir", dataDir.toString(), "--port", "0",
        "--db-url", dbUrl, "--db-user", "postgres", "--lease", "PT2S")
        .redirectErrorStream(true);
    builder.environment().put("HYDRA_DB_PASSWORD", "postgres");
    Process process = builder.start();
    servers.add(process);
    return process;
  }

  private static int portOf(Process server) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println("[server " + server.pid() + "] " + line);
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
