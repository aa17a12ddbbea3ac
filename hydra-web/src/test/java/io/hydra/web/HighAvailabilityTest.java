package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.TcpProxy;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL: the follower serves the API (writes included), and
 * when the leader is killed with {@code kill -9} mid-burst it takes over; every run's task runs
 * exactly once. Both share the data directory, so the new leader re-adopts the local tasks the old
 * one started.
 */
class HighAvailabilityTest {

  // Generous: 500 real processes on 2 shared cores can take minutes under load.
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final int RUNS = 500;
  private static final int CHAIN = 50;

  @TempDir Path dataDir;
  @TempDir Path work;
  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess server : servers) {
      server.close();
    }
  }

  private ServerProcess startServer(String dbUrl) throws Exception {
    ServerProcess server = ServerProcess.on(dbUrl, dataDir, "--lease", "PT2S");
    servers.add(server);
    return server;
  }

  @Test
  void killNineOfTheLeaderMidBurstLosesNoRunAndDoublesNone() throws Exception {
    String db =
        TestDatabase.url(TestDatabase.createDatabase("hydra_ha_" + ProcessHandle.current().pid()));
    ServerProcess first = startServer(db);
    ApiClient a = first.api();
    a.awaitJson(
        "the first server leads",
        "/api/v1/health",
        WAIT,
        h -> h.get("role").asText().equals("leader"));
    ApiClient follower = startServer(db).api();
    assertThat(follower.get("/api/v1/health").json().get("role").asText()).isEqualTo("follower");

    Path marks = work.resolve("marks.txt");
    assertThat(
            follower
                .post(
                    "/api/v1/jobs",
                    "{\"name\":\"burst\",\"concurrency\":\"allow\","
                        + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo $HYDRA_LOGICAL_TIME"
                        + " >> "
                        + marks
                        + "; sleep 0.2\"}}")
                .status())
        .isEqualTo(201);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < RUNS; i++) {
      ApiClient.Response r =
          follower.post(
              "/api/v1/jobs/burst/runs", "{\"logicalTime\":\"" + base.plusSeconds(60L * i) + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    io.hydra.store.testing.Await.until(
        "the leader started tasks", WAIT, () -> ServerProcess.lines(marks).size() >= 50);

    first.kill(); // kill -9 of the leader, tasks still running

    follower.awaitJson(
        "the follower took over",
        "/api/v1/health",
        WAIT,
        h -> h.get("role").asText().equals("leader"));
    follower.awaitJson(
        "every run succeeded",
        "/api/v1/runs?job=burst&state=succeeded&limit=500",
        WAIT,
        page -> page.get("items").size() == RUNS);
    List<String> ran = ServerProcess.lines(marks);
    assertThat(new HashSet<>(ran)).hasSize(RUNS);
    assertThat(ran).hasSize(RUNS);
  }

  @Test
  void killNineOfTheLeaderMidPipelineRunsEveryStepOnce() throws Exception {
    String db =
        TestDatabase.url(
            TestDatabase.createDatabase("hydra_ha_chain_" + ProcessHandle.current().pid()));
    ServerProcess first = startServer(db);
    ApiClient leader = first.api();
    leader.awaitJson(
        "the first server leads",
        "/api/v1/health",
        WAIT,
        h -> h.get("role").asText().equals("leader"));
    ApiClient follower = startServer(db).api();

    Path marks = work.resolve("chain.txt");
    String task = "\"task\":{\"command\":\"echo $HYDRA_JOB >> " + marks + "; sleep 0.2\"}}";
    follower.post(
        "/api/v1/jobs", "{\"name\":\"step-0\",\"schedule\":{\"cron\":\"0 2 * * *\"}," + task);
    for (int i = 1; i < CHAIN; i++) {
      ApiClient.Response r =
          follower.post(
              "/api/v1/jobs",
              "{\"name\":\"step-" + i + "\",\"after\":[\"step-" + (i - 1) + "\"]," + task);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    follower.post("/api/v1/jobs/step-0/runs", "{\"logicalTime\":\"2026-01-01T02:00:00Z\"}");
    io.hydra.store.testing.Await.until(
        "the pipeline is under way", WAIT, () -> ServerProcess.lines(marks).size() >= 5);

    first.kill();

    follower.awaitJson(
        "the last step succeeded",
        "/api/v1/runs?job=step-" + (CHAIN - 1),
        WAIT,
        page ->
            page.get("items").size() == 1
                && page.get("items").get(0).get("state").asText().equals("succeeded"));
    List<String> ran = ServerProcess.lines(marks);
    assertThat(ran).hasSize(CHAIN);
    assertThat(new HashSet<>(ran)).hasSize(CHAIN);
    assertThat(ran.get(0)).isEqualTo("step-0");
    assertThat(ran.get(CHAIN - 1)).isEqualTo("step-" + (CHAIN - 1));
  }

  @Test
  void aLeaderCutOffFromTheDatabaseStopsLaunchingAndAnotherTakesOverWithoutDoubles()
      throws Exception {
    String db =
        TestDatabase.url(
            TestDatabase.createDatabase("hydra_ha_cut_" + ProcessHandle.current().pid()));
    try (TcpProxy proxy = TcpProxy.inFrontOf(db)) {
      ApiClient cutOff = startServer(proxy.url()).api();
      cutOff.awaitJson(
          "the first server leads",
          "/api/v1/health",
          WAIT,
          h -> h.get("role").asText().equals("leader"));
      ApiClient other = startServer(db).api();
      Path marks = work.resolve("cut.txt");
      other.post(
          "/api/v1/jobs",
          "{\"name\":\"cut\",\"concurrency\":\"allow\","
              + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"echo "
              + "$HYDRA_LOGICAL_TIME >> "
              + marks
              + "; sleep 0.5\"}}");
      Instant base = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 30; i++) {
        other.post(
            "/api/v1/jobs/cut/runs", "{\"logicalTime\":\"" + base.plusSeconds(60L * i) + "\"}");
      }
      io.hydra.store.testing.Await.until(
          "the leader started tasks", WAIT, () -> ServerProcess.lines(marks).size() >= 3);

      proxy.blackhole(); // the leader's connections hang: a partition

      other.awaitJson(
          "the other server took over",
          "/api/v1/health",
          WAIT,
          h -> h.get("role").asText().equals("leader"));
      other.awaitJson(
          "every run succeeded",
          "/api/v1/runs?job=cut&state=succeeded&limit=500",
          WAIT,
          page -> page.get("items").size() == 30);
      proxy.restore();
      cutOff.awaitJson(
          "the old leader knows it follows",
          "/api/v1/health",
          WAIT,
          h -> h.get("role").asText().equals("follower") && h.get("status").asText().equals("ok"));
      List<String> ran = ServerProcess.lines(marks);
      assertThat(ran).hasSize(30);
      assertThat(new HashSet<>(ran)).hasSize(30);
    }
  }
}
