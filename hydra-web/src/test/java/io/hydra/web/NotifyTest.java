package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.web.TestWebhook.Received;
import io.hydra.web.notify.Notifier;
import io.hydra.web.notify.NotifyConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook notifications: signed, retried after a failure, recorded, only chosen events. */
class NotifyTest {

  private static final String SECRET = "webhook-secret";

  @RegisterExtension
  static final TestServer SERVER =
      TestServer.with(
          c ->
              c.withNotify(
                  new NotifyConfig(
                      startWebhook(),
                      Set.of("failed"),
                      "json",
                      SECRET,
                      5,
                      Duration.ofMillis(200))));

  // The first delivery to /hook fails, so the retry is exercised.
  private static final TestWebhook webhook = TestWebhook.start().failFirst("/hook", 1);
  private static final List<Received> received = webhook.received("/hook");
  private static final List<Received> perJob = webhook.received("/job-hook");
  private static ApiClient api;

  /** Where the server's default notifications go. */
  private static URI startWebhook() {
    return webhook.uri("/hook");
  }

  @BeforeAll
  static void start() {
    api = SERVER.api();
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void aFailedRunIsDeliveredSignedAndRetriedUntilAccepted() {
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"n-fails\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"task\":{\"command\":\"exit 3\"}}")
                .status())
        .isEqualTo(201);
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"n-works\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(201);
    api.post("/api/v1/jobs/n-works/runs", "{}");
    long id = api.post("/api/v1/jobs/n-fails/runs", "{}").json().get("id").asLong();

    JsonNode delivery =
        io.hydra.store.testing.Await.value(
            "the failure is delivered",
            Duration.ofSeconds(60),
            () ->
                deliveryOf("n-fails")
                    .filter(d -> d.get("state").asText().equals("delivered"))
                    .orElse(null));
    assertThat(delivery.get("job").asText()).isEqualTo("n-fails");
    assertThat(delivery.get("event").asText()).isEqualTo("failed");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
    assertThat(delivery.get("responseCode").asInt()).isEqualTo(204);

    assertThat(received).hasSize(2);
    Received first = received.get(0);
    assertThat(received.get(1).body()).isEqualTo(first.body());
    assertThat(first.event()).isEqualTo("failed");
    assertThat(first.signature()).isEqualTo("sha256=" + Notifier.sign(SECRET, first.body()));
    assertThat(first.body()).contains("\"runId\":" + id).contains("\"job\":\"n-fails\"");
  }

  /** The one delivery about {@code job}, if any (other tests' jobs have their own). */
  private static java.util.Optional<JsonNode> deliveryOf(String job) {
    for (JsonNode d : api.get("/api/v1/notifications").json().get("items")) {
      if (d.get("job").asText().equals(job)) {
        return java.util.Optional.of(d);
      }
    }
    return java.util.Optional.empty();
  }

  @Test
  void aJobsOwnNotifyEntriesGetItsEventsInTheirFormat() {
    String hook = webhook.uri("/job-hook").toString();
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"n-own\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"notify\":[{\"on\":[\"succeeded\"],\"webhook\":\""
                        + hook
                        + "\",\"format\":\"slack\"}],\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(201);
    assertThat(api.get("/api/v1/jobs/n-own").json().at("/spec/notify/0/webhook").asText())
        .isEqualTo(hook);

    api.post("/api/v1/jobs/n-own/runs", "{}");

    io.hydra.store.testing.Await.until(
        "the job's webhook heard of the success", Duration.ofSeconds(60), () -> !perJob.isEmpty());
    Received got = perJob.get(0);
    assertThat(got.event()).isEqualTo("succeeded");
    assertThat(got.body()).startsWith("{\"text\":").contains("n-own");
    assertThat(got.signature()).isEqualTo("sha256=" + Notifier.sign(SECRET, got.body()));
  }

  @Test
  void badNotifyEntriesNameTheField() {
    ApiClient.Response r =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"n-bad\",\"schedule\":"
                + "{\"cron\":\"0 2 * * *\"},\"notify\":[{\"on\":[\"exploded\"],\"webhook\":"
                + "\"ftp://x\"}],\"task\":{\"command\":\"true\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("notify[0].webhook").contains("notify[0].on[0]");
  }
}
