package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
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
 * The database goes away while tasks run (every connection dropped, new ones refused, as in a
 * restart) and comes back: meanwhile the API answers 503; afterwards Hydra reconnects on its own
 * and every run ends, none twice. The outage is made by a TCP proxy in front of PostgreSQL.
 */
class DatabaseRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
  private static final int RUNS = 10;

  @TempDir Path dataDir;
  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theApiSays503WhileTheDatabaseIsDownAndNothingIsLostOrDoubled() throws Exception {
    String url = TestDatabase.url(
        TestDatabase.createDatabase("hydra_dbdown_" + ProcessHandle.current().pid()));
    Matcher port = Pattern.compile(":(\\d+)/").matcher(url);
    assertThat(port.find()).isTrue();
    TcpProxy proxy = new TcpProxy(Integer.parseInt(port.group(1)));
    Process server = startServer(url.replace(":" + port.group(1) + "/", ":" + proxy.port() + "/"));
    ApiClient api = new ApiClient(portOf(server));
    Path marks = work.resolve("marks.txt");
    Path go = work.resolve("go");
    api.post("/api/v1/jobs", "{\"name\":\"steady\",\"concurrency\":\"allow\","
        + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo $HYDRA_LOGICAL_TIME"
        + " >> " + marks + "; while [ ! -f " + go + " ]; do sleep 0.05; done\"}}");
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < RUNS; i++) {
      api.post("/api/v1/jobs/steady/runs", "{\"logicalTime\":\"" + base.plusSeconds(60L * i)
          + "\"}");
    }
    Await.until("every task started", WAIT, () -> lines(marks).size() == RUNS);

    proxy.cut();

    assertThat(api.get("/api/v1/runs?job=steady").status()).isEqualTo(503);
    assertThat(api.get("/api/v1/health").status()).isEqualTo(503);
    Files.createFile(go); // the tasks end while the database is down

    proxy.restore();
    api.awaitJson("the server is healthy again", "/api/v1/health", WAIT,
        h -> h.get("status").asText().equals("ok"));
    api.awaitJson("every run succeeded", "/api/v1/runs?job=steady&state=succeeded&limit=100",
        WAIT, page -> page.get("items").size() == RUNS);
    List<String> ran = lines(marks);
    assertThat(ran).hasSize(RUNS);
    assertThat(new HashSet<>(ran)).hasSize(RUNS);
  }

  private Process startServer(String dbUrl) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.hydra.web.cli.Main", "server", "--data-dir", dataDir.toString(), "--port", "0",
        "--lease", "PT3S", "--db-url", dbUrl, "--db-user", "postgres")
        .redirectErrorStream(true);
    builder.environment().put("HYDRA_DB_PASSWORD", "postgres");
    Process process = builder.start();
    processes.add(0, process);
    return process;
  }

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
