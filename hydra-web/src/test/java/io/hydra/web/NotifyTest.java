package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hydra.store.testing.TestDatabase;
import io.hydra.web.notify.Notifier;
import io.hydra.web.notify.NotifyConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook notifications: signed, retried after a failure, recorded, only chosen events. */
class NotifyTest {

  private static final String SECRET = "webhook-secret";

  private record Received(String event, String signature, String body) {}

  @TempDir static Path dataDir;
  private static HydraServer server;
  private static HttpServer webhook;
  private static ApiClient api;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestHeaders().getFirst("X-Hydra-Event"),
          exchange.getRequestHeaders().getFirst("X-Hydra-Signature"),
          new String(body, StandardCharsets.UTF_8)));
      // The first delivery fails, so the retry is exercised.
      exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 204, -1);
      exchange.close();
    });
    webhook.start();
    String db = TestDatabase.createDatabase("hydra_notify_" + ProcessHandle.current().pid());
    URI url = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    server = new HydraServer(new ServerConfig(dataDir, "127.0.0.1", 0, TestDatabase.url(db),
        "postgres", "postgres", null).withNotify(new NotifyConfig(url, Set.of("failed"), "json",
            SECRET, 5, Duration.ofMillis(200)))).start();
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    webhook.stop(0);
  }

  @Test
  void aFailedRunIsDeliveredSignedAndRetriedUntilAccepted() {
    assertThat(api.post("/api/v1/jobs", "{\"name\":\"n-fails\",\"schedule\":{\"cron\":"
        + "\"0 2 * * *\"},\"task\":{\"command\":\"exit 3\"}}").status()).isEqualTo(201);
    assertThat(api.post("/api/v1/jobs", "{\"name\":\"n-works\",\"schedule\":{\"cron\":"
        + "\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}").status()).isEqualTo(201);
    api.post("/api/v1/jobs/n-works/runs", "{}");
    long id = api.post("/api/v1/jobs/n-fails/runs", "{}").json().get("id").asLong();

    JsonNode delivery = api.awaitJson("the failure is delivered", "/api/v1/notifications",
        Duration.ofSeconds(60), page -> page.get("items").size() == 1
            && page.at("/items/0/state").asText().equals("delivered")).at("/items/0");
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
}
