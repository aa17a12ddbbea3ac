package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is away" (503, retry) rather than a bug (500). */
class ApiErrorsTest {

  @Test
  void lostConnectionsAndPoolTimeoutsAreUnavailable() {
    assertThat(
            ApiErrors.databaseUnavailable(
                new RuntimeException("query failed", new SQLException("I/O error", "08006"))))
        .isTrue();
    assertThat(
            ApiErrors.databaseUnavailable(
                new IllegalStateException(
                    new SQLTransientConnectionException("hydra - Connection is not available"))))
        .isTrue();
    assertThat(
            ApiErrors.databaseUnavailable(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(ApiErrors.databaseUnavailable(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(ApiErrors.databaseUnavailable(new NullPointerException())).isFalse();
  }
}
