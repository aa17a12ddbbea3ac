package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL, each with its own data directory (so its own sandbox
 * root), and {@code kill -9} of the leader mid-burst. The new leader cannot see the tasks the old
 * one started: it must report them lost, naming where they ran, so that they are retried as their
 * job allows (at least once), and never "never started", which started them again without counting
 * a retry while they were running in the other root.
 */
class SeparateDataDirsTest {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int RUNS = 300;

  @TempDir Path dataA;
  @TempDir Path dataB;
  @TempDir Path work;
  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess server : servers) {
      server.close();
    }
  }

  private ServerProcess startServer(String dbUrl, Path dataDir) throws Exception {
    // No rate limit: the test reads every run of its burst back, faster than 100 requests/s.
    ServerProcess server = ServerProcess.on(dbUrl, dataDir, "--lease", "PT2S", "--rate-limit", "0");
    servers.add(server);
    return server;
  }

  @Test
  void aNewLeaderWithAnotherSandboxRootRetriesWhatItCannotSeeAndStartsNothingTwiceUnseen()
      throws Exception {
    String db =
        TestDatabase.url(
            TestDatabase.createDatabase("hydra_separate_" + ProcessHandle.current().pid()));
    ServerProcess first = startServer(db, dataA);
    first
        .api()
        .awaitJson(
            "the first server leads",
            "/api/v1/health",
            WAIT,
            h -> h.get("role").asText().equals("leader"));
    ServerProcess second = startServer(db, dataB);
    ApiClient api = second.api();
    assertThat(api.get("/api/v1/health").json().get("role").asText()).isEqualTo("follower");

    // Every task appends "<run> <attempt>" and then waits for the gate: whatever the first leader
    // started is still running (in its root) when it is killed, deterministically.
    Path marks = work.resolve("marks.txt");
    Path gate = work.resolve("gate");
    String command =
        "echo $HYDRA_RUN_ID $HYDRA_ATTEMPT >> "
            + marks
            + "; while [ ! -f "
            + gate
            + " ]; do"
            + " sleep 0.05; done";
    ApiClient.Response created =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"burst\",\"concurrency\":\"allow\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
                + "\"retries\":{\"max\":1,\"delay\":\"PT0S\"},"
                + "\"task\":{\"command\":\""
                + command
                + "\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // Triggered from a few threads at once: one after the other they would take most of the
    // test's time, and the order does not matter.
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    ExecutorService triggers = Executors.newFixedThreadPool(4);
    try {
      List<Future<ApiClient.Response>> posted = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        String body = "{\"logicalTime\":\"" + base.plusSeconds(60L * i) + "\"}";
        posted.add(triggers.submit(() -> api.post("/api/v1/jobs/burst/runs", body)));
      }
      for (Future<ApiClient.Response> r : posted) {
        assertThat(r.get().status()).as(r.get().body()).isEqualTo(201);
      }
    } finally {
      triggers.shutdown();
    }
    Await.until(
        "the first leader started tasks", WAIT, () -> ServerProcess.lines(marks).size() >= 5);

    first.kill(); // kill -9 mid-burst: its tasks keep running in its sandbox root
    int outputBefore = second.output().size();
    Files.createFile(gate); // from now on every task ends at once, those of the first leader too

    api.awaitJson(
        "the second server took over",
        "/api/v1/health",
        WAIT,
        h -> h.get("role").asText().equals("leader"));
    JsonNode page =
        api.awaitJson(
            "every run ended",
            "/api/v1/runs?job=burst&limit=500",
            WAIT,
            p -> p.get("items").size() == RUNS && allEnded(p.get("items")));

    // Which attempt of which run executed, from the tasks themselves.
    List<String> ran = ServerProcess.lines(marks);
    assertThat(new HashSet<>(ran)).as("no attempt executed twice").hasSize(ran.size());
    Map<Long, Set<Integer>> executed = new HashMap<>();
    for (String line : ran) {
      String[] parts = line.trim().split(" ");
      executed
          .computeIfAbsent(Long.parseLong(parts[0]), k -> new HashSet<>())
          .add(Integer.parseInt(parts[1]));
    }
    assertThat(executed).hasSize(RUNS);

    String rootA = dataA.resolve("tasks").toRealPath().toString();
    String rootB = dataB.resolve("tasks").toRealPath().toString();
    int retried = 0;
    for (JsonNode listed : page.get("items")) {
      long id = listed.get("id").asLong();
      JsonNode run = api.get("/api/v1/runs/" + id).json();
      assertThat(run.get("state").asText()).as("run %s", run).isEqualTo("succeeded");
      JsonNode attempts = run.get("attempts");
      int last = attempts.size();
      assertThat(executed.get(id)).as("run %s", run).contains(last);
      for (JsonNode attempt : attempts) {
        String reason = attempt.get("reason").asText();
        assertThat(reason).as("run %s", run).doesNotStartWith("never started");
        if (attempt.get("number").asInt() < last) {
          // Started by the first leader (gated, so still running when it was killed): lost,
          // naming both roots, and retried. Whether it executed or not, it was counted.
          assertThat(attempt.get("state").asText()).as("run %s", run).isEqualTo("lost");
          assertThat(reason).contains("root " + rootA, "root " + rootB, "cannot see");
          assertThat(attempt.get("location").get("root").asText()).isEqualTo(rootA);
        } else {
          assertThat(attempt.get("location").get("root").asText()).isEqualTo(rootB);
        }
      }
      if (executed.get(id).size() > 1) {
        // Reported for the record: each duplicate execution, and the attempt it followed.
        JsonNode followed = attempts.get(last - 2);
        System.out.println(
            "SEPARATE-DIRS executed twice: run "
                + id
                + " attempt "
                + last
                + " followed attempt "
                + followed.get("number").asInt()
                + " ("
                + followed.get("state").asText()
                + ": "
                + followed.get("reason").asText()
                + ")");
      }
      if (last > 1) {
        retried++;
        assertThat(run.get("failures").asInt()).as("run %s spent a retry", run).isEqualTo(1);
      }
    }
    System.out.println(
        "SEPARATE-DIRS runs "
            + RUNS
            + ", executions "
            + ran.size()
            + ", executed twice "
            + (ran.size() - RUNS)
            + ", lost and retried "
            + retried);
    // Every task the first leader started was retried; nothing else ran twice.
    assertThat(retried).as("runs lost in the first root and retried").isGreaterThanOrEqualTo(5);
    assertThat(ran.size() - RUNS)
        .as("runs executed twice (first root, then retried)")
        .isBetween(5, retried);

    assertThat(second.outputSince(outputBefore))
        .as("the new leader warns that it cannot see where the active attempts were launched")
        .anyMatch(
            line ->
                line.contains("WARN")
                    && line.contains("root " + rootA)
                    && line.contains("root " + rootB));
  }

  private static boolean allEnded(JsonNode runs) {
    for (JsonNode run : runs) {
      if (!Set.of("succeeded", "failed").contains(run.get("state").asText())) {
        return false;
      }
    }
    return true;
  }
}
