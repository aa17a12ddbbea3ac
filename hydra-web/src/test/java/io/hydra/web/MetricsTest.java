package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics in Prometheus format, with Hydra's own series filled by real runs. */
class MetricsTest {

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", "metrics-admin"));

  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port(), "metrics-admin");
  }

  private static double value(String metrics, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Runs in every state, by the gauge. */
  private static double runs(String metrics) {
    Matcher m =
        Pattern.compile("(?m)^hydra_runs\\{state=\"[a-z_]+\"} ([0-9.eE+-]+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  @Test
  void scheduledRunsFillTheDelayHistogramAndTheCounters() {
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"m-tick\",\"schedule\":{\"cron\":"
                        + "\"*/2 * * * * ?\",\"dialect\":\"quartz\"},\"concurrency\":\"allow\","
                        + "\"task\":{\"command\":\"sleep 0.5\"}}")
                .status())
        .isEqualTo(201);
    ApiClient anonymous = new ApiClient(server.port());
    String metrics =
        Await.value(
            "scheduled runs are launched and counted",
            Duration.ofSeconds(60),
            () -> {
              String text = anonymous.get("/metrics").body();
              return value(text, "hydra_schedule_delay_seconds_count") >= 3
                      && value(text, "hydra_runs{state=\"succeeded\"}") >= 3
                  ? text
                  : null;
            });
    assertThat(value(metrics, "hydra_attempts_started_total")).isGreaterThanOrEqualTo(1);
    // Every run here has one attempt, and the counter trails the runs the gauge counts. A run's
    // reason turning from launching to running is no second start.
    assertThat(value(metrics, "hydra_attempts_started_total")).isLessThanOrEqualTo(runs(metrics));
    assertThat(value(metrics, "hydra_schedule_delay_seconds_count"))
        .isLessThanOrEqualTo(runs(metrics));
    assertThat(value(metrics, "hydra_launcher_launches_total{launcher=\"local\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            value(
                metrics,
                "hydra_launcher_status_updates_total{launcher=\"local\",state=\"succeeded\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics)
        .contains("hydra_schedule_delay_seconds_bucket{le=")
        .contains("hydra_queue_length ")
        .contains("hydra_engine_passes_seconds_count ")
        .contains("hydra_engine_pass_longest_seconds ")
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/jobs\","
                + "status=\"201\"}")
        .contains("hikaricp_connections_active")
        .contains("jvm_memory_used_bytes")
        .contains("hydra_runs_ended_total{state=\"succeeded\"}");
    assertThat(metrics)
        .as("routes are templates, never raw paths")
        .doesNotContain("route=\"/api/v1/jobs/m-tick");
  }
}
