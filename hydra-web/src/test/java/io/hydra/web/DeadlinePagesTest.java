package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Database;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job's deadline and its alerts show on the job page and on the run page. */
class DeadlinePagesTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
  private static ApiClient api;

  @BeforeAll
  static void start() {
    api = SERVER.api();
    assertThat(
            api.post(
                    "/api/v1/jobs",
                    "{\"name\":\"due\",\"deadline\":\"PT3H\",\"task\":{\"command\":\"sleep 30\"}}")
                .status())
        .isEqualTo(201);
  }

  private static void raise(Long runId) {
    try (Database db = TestDatabase.open(SERVER.database())) {
      db.store()
          .useTransaction(
              tx ->
                  tx.deadlineAlerts()
                      .raise(
                          "due",
                          T,
                          DeadlineAlert.AT_RISK,
                          runId,
                          T.plus(Duration.ofHours(3)),
                          T.plus(Duration.ofHours(4)),
                          "predicted to succeed at 06:00, after its deadline"));
    }
  }

  @Test
  void theJobPageListsTheDeadlineAndItsAlertsAndTheRunPageItsOwn() {
    assertThat(api.get("/jobs/due").body())
        .contains("Deadline: PT3H after the logical time")
        .contains("No run has been at risk");

    long run =
        api.post("/api/v1/jobs/due/runs", "{\"logicalTime\":\"" + T + "\"}")
            .json()
            .get("id")
            .asLong();
    raise(run);

    assertThat(api.get("/ui/jobs/due/runs").body())
        .contains("at risk")
        .contains("predicted to succeed at 06:00, after its deadline");
    String page = api.get("/runs/" + run).body();
    assertThat(page)
        .contains("id=\"deadline\"")
        .contains("Deadline 2026-03-02T05:00:00Z")
        .contains("at risk")
        .contains("id=\"alerts\"")
        .contains("predicted to succeed at 06:00, after its deadline");
    assertThat(api.post("/api/v1/runs/" + run + "/kill", "").status()).isEqualTo(200);
  }
}
