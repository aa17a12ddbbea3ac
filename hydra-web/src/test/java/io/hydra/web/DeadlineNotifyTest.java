package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hydra.store.Database;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import io.hydra.web.notify.NotifyConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadline alerts reach the webhook once, whichever instance raised them and however many instances
 * share the database: a second server, as after a leader change, delivers nothing more.
 */
class DeadlineNotifyTest {

  private static final TestWebhook webhook = TestWebhook.start();
  private static final List<TestWebhook.Received> received = webhook.received("/hook");

  @RegisterExtension
  static final TestServer SERVER =
      TestServer.with(
          c ->
              c.withNotify(
                  new NotifyConfig(
                      startWebhook(),
                      Set.of("at_risk", "deadline_missed"),
                      "json",
                      null,
                      3,
                      Duration.ofMillis(200))));

  @TempDir static Path secondDataDir;

  private static URI startWebhook() {
    return webhook.uri("/hook");
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void anAlertIsDeliveredOnceByEveryInstanceTogether() throws Exception {
    try (HydraServer second =
            new HydraServer(
                    TestServer.config(secondDataDir, SERVER.database())
                        .withNotify(
                            new NotifyConfig(
                                webhook.uri("/hook"),
                                Set.of("at_risk"),
                                "json",
                                null,
                                3,
                                Duration.ofMillis(200))))
                .start();
        Database db = TestDatabase.open(SERVER.database())) {
      Instant t = Instant.parse("2026-03-02T02:00:00Z");
      db.store()
          .useTransaction(
              tx ->
                  tx.deadlineAlerts()
                      .raise(
                          "load",
                          t,
                          DeadlineAlert.AT_RISK,
                          null,
                          t.plus(Duration.ofHours(3)),
                          t.plus(Duration.ofHours(4)),
                          "predicted to succeed at 06:00, after its deadline"));

      Await.until("the alert delivered", Duration.ofSeconds(20), () -> !received.isEmpty());
      Await.until(
          "both instances recorded their attempt",
          Duration.ofSeconds(20),
          () -> db.store().read(tx -> tx.deliveries().newest("load", 10)).size() == 1);
      JsonNode body = new ObjectMapper().readTree(received.get(0).body());
      assertThat(body.get("event").asText()).isEqualTo("at_risk");
      assertThat(body.get("job").asText()).isEqualTo("load");
      assertThat(body.has("runId")).as("load had no run yet").isFalse();
      assertThat(body.get("deadline").asText()).isEqualTo("2026-03-02T05:00:00Z");
      assertThat(body.get("eta").asText()).isEqualTo("2026-03-02T06:00:00Z");
      // The second instance heard the same NOTIFY; its attempt to record the delivery lost.
      assertThat(received).hasSize(1);
      assertThat(second.port()).isPositive();
    }
  }
}
