package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is unreachable" (wait it out) rather than a bug. */
class SqlFailuresTest {

  @Test
  void lostConnectionsPoolTimeoutsAndShutdownsAreUnreachable() {
    assertThat(
            SqlFailures.isUnreachable(
                new RuntimeException("query failed", new SQLException("I/O error", "08006"))))
        .isTrue();
    assertThat(
            SqlFailures.isUnreachable(
                new IllegalStateException(
                    new SQLTransientConnectionException("hydra - Connection is not available"))))
        .isTrue();
    assertThat(
            SqlFailures.isUnreachable(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
    assertThat(SqlFailures.isUnreachable(new ConnectionException(new SQLException("refused"))))
        .isTrue();
    // HikariCP's stand-in for a connection it closed as broken: no SQLSTATE.
    assertThat(
            SqlFailures.isUnreachable(
                new IllegalStateException(
                    "Unable to set isolation level", new SQLException("Connection is closed"))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(SqlFailures.isUnreachable(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(SqlFailures.isUnreachable(new SQLException("deadlock detected", "40P01"))).isFalse();
    assertThat(SqlFailures.isUnreachable(new NullPointerException())).isFalse();
  }
}
