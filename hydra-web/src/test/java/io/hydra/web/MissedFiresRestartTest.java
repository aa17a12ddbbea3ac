package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real restart with the real clock: fires due while the server was down are each recorded as
 * skipped (missed), and only the latest runs (catchup: latest).
 */
class MissedFiresRestartTest {

  @TempDir Path dataDir;

  private HydraServer start(String db) {
    return new HydraServer(TestServer.config(dataDir, db)).start();
  }

  @Test
  void firesMissedWhileDownAreRecordedAndTheLatestRuns() {
    String db = TestDatabase.createDatabase("hydra_missed_" + ProcessHandle.current().pid());
    HydraServer first = start(db);
    ApiClient api = new ApiClient(first.port());
    api.post(
        "/api/v1/jobs",
        "{\"name\":\"tick\",\"schedule\":{\"cron\":\"*/2 * * * * ?\","
            + "\"dialect\":\"quartz\",\"catchup\":\"latest\"},\"task\":{\"command\":\"true\"}}");
    api.awaitJson(
        "a first fire",
        "/api/v1/runs?job=tick",
        Duration.ofSeconds(30),
        page -> page.get("items").size() > 0);
    first.close();
    Instant down = Instant.now();
    Await.until(
        "three fire times pass while down",
        Duration.ofSeconds(30),
        () -> Instant.now().isAfter(down.plusSeconds(7)));

    Instant restarting = Instant.now();
    HydraServer second = start(db);
    try {
      ApiClient restarted = new ApiClient(second.port());
      // The catch-up fire is the latest fire time before the engine started: after
      // restarting - 2s. Every fire time before that, while down, must be a skipped run.
      Instant caughtUpAfter = restarting.minusSeconds(2);
      JsonNode page =
          restarted.awaitJson(
              "the catch-up ran",
              "/api/v1/runs?job=tick&limit=500",
              Duration.ofSeconds(30),
              p -> !ran(p, caughtUpAfter).isEmpty());

      List<JsonNode> missed = new ArrayList<>();
      for (JsonNode run : page.get("items")) {
        Instant t = Instant.parse(run.get("logicalTime").asText());
        if (t.isAfter(down) && !t.isAfter(caughtUpAfter)) {
          missed.add(run);
        }
      }
      long fireTimes = (caughtUpAfter.getEpochSecond() / 2) - (down.getEpochSecond() / 2);
      assertThat(missed).hasSize((int) fireTimes).hasSizeGreaterThanOrEqualTo(2);
      assertThat(missed)
          .allSatisfy(
              run -> {
                assertThat(run.get("state").asText()).isEqualTo("skipped");
                assertThat(run.get("reason").asText())
                    .startsWith("missed:")
                    .contains("catchup: latest");
              });
    } finally {
      second.close();
    }
  }

  /** Logical times of runs after {@code after} that were run rather than skipped. */
  private static List<String> ran(JsonNode page, Instant after) {
    List<String> ran = new ArrayList<>();
    for (JsonNode run : page.get("items")) {
      Instant t = Instant.parse(run.get("logicalTime").asText());
      if (t.isAfter(after) && run.get("state").asText().equals("succeeded")) {
        ran.add(run.get("logicalTime").asText());
      }
    }
    return ran;
  }
}
