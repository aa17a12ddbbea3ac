package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import io.hydra.store.testing.TcpProxy;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
  private static final int RUNS = 10;

  @TempDir Path dataDir;
  @TempDir Path work;
  private ServerProcess server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theApiSays503WhileTheDatabaseIsDownAndNothingIsLostOrDoubled() throws Exception {
    String url =
        TestDatabase.url(
            TestDatabase.createDatabase("hydra_dbdown_" + ProcessHandle.current().pid()));
    TcpProxy proxy = TcpProxy.inFrontOf(url);
    server = ServerProcess.on(proxy.url(), dataDir, "--lease", "PT3S");
    ApiClient api = server.api();
    Path marks = work.resolve("marks.txt");
    Path go = work.resolve("go");
    api.post(
        "/api/v1/jobs",
        "{\"name\":\"steady\",\"concurrency\":\"allow\","
            + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo $HYDRA_LOGICAL_TIME"
            + " >> "
            + marks
            + "; while [ ! -f "
            + go
            + " ]; do sleep 0.05; done\"}}");
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < RUNS; i++) {
      api.post(
          "/api/v1/jobs/steady/runs", "{\"logicalTime\":\"" + base.plusSeconds(60L * i) + "\"}");
    }
    Await.until("every task started", WAIT, () -> ServerProcess.lines(marks).size() == RUNS);

    int printedBefore = server.output().size();
    proxy.cut();

    assertThat(api.get("/api/v1/runs?job=steady").status()).isEqualTo(503);
    assertThat(api.get("/api/v1/health").status()).isEqualTo(503);
    Files.createFile(go); // the tasks end while the database is down

    proxy.restore();
    api.awaitJson(
        "the server is healthy again",
        "/api/v1/health",
        WAIT,
        h -> h.get("status").asText().equals("ok"));
    api.awaitJson(
        "every run succeeded",
        "/api/v1/runs?job=steady&state=succeeded&limit=100",
        WAIT,
        page -> page.get("items").size() == RUNS);
    List<String> ran = ServerProcess.lines(marks);
    assertThat(ran).hasSize(RUNS);
    assertThat(new HashSet<>(ran)).hasSize(RUNS);

    // The outage is told as an outage: Hydra's loops log it, and its end, in a line each (the
    // pool's own lines aside), not an ERROR with a stack trace per loop and retry.
    Await.until(
        "the server logs that the database is back",
        WAIT,
        () ->
            server.outputSince(printedBefore).stream()
                .anyMatch(l -> l.contains("reachable again")));
    List<String> printed = server.outputSince(printedBefore);
    assertThat(printed).anyMatch(l -> l.contains("WARN io.hydra.") && l.contains("unreachable ("));
    assertThat(hydraEntriesWithStackTraces(printed)).isEmpty();
    assertThat(printed).noneMatch(l -> l.contains("ERROR io.hydra."));
  }

  /** Log entries of Hydra's own loggers that a stack trace follows. */
  private static List<String> hydraEntriesWithStackTraces(List<String> printed) {
    Pattern entry = Pattern.compile("^\\d+ \\[[^\\]]+\\] [A-Z]+ (\\S+) - ");
    List<String> found = new ArrayList<>();
    String current = null;
    for (String line : printed) {
      Matcher m = entry.matcher(line);
      if (m.find()) {
        current = m.group(1).startsWith("io.hydra.") ? line : null;
      } else if (current != null && line.startsWith("\tat ")) {
        found.add(current);
        current = null; // once per entry
      }
    }
    return found;
  }
}
