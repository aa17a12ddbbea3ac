package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * An outage is one WARN, a reminder a minute, and an INFO at its end; other failures are ERRORs.
 */
class OutageLogTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Logger where = recording(logged);
  private final OutageLog outages = new OutageLog(nanos::get, where);

  private static final SQLException REFUSED =
      new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");

  @Test
  void anOutageIsOneWarningHoweverManyFailuresItCauses() {
    for (int i = 0; i < 50; i++) {
      outages.failed(where, "Engine step 'dispatch' failed; continuing", wrapped(REFUSED));
    }

    assertThat(warnings())
        .containsExactly(
            "warn: The database is unreachable (Connection to 127.0.0.1:5432 refused.); Hydra"
                + " retries until it is back. First failed: Engine step 'dispatch' failed;"
                + " continuing");
    assertThat(logged).filteredOn(line -> line.startsWith("debug")).hasSize(50);
    assertThat(outages.unreachable()).isTrue();
  }

  @Test
  void aSuccessEndsTheOutageOnceAndTheNextOneIsWarnedAgain() {
    outages.failed(where, "Firing a failed", REFUSED);
    outages.failed(where, "Firing a failed", REFUSED);
    nanos.addAndGet(Duration.ofSeconds(7).toNanos());
    outages.reached();
    outages.reached();
    assertThat(outages.unreachable()).isFalse();
    assertThat(logged)
        .filteredOn(line -> line.startsWith("info"))
        .containsExactly(
            "info: The database is reachable again after 7 s (2 failed attempts were retried)");

    outages.failed(where, "Firing b failed", REFUSED);

    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(1)).endsWith("First failed: Firing b failed");
  }

  @Test
  void aLongOutageIsRemindedOfEachMinuteNotAtEachFailure() {
    outages.failed(where, "Firing a failed", REFUSED);
    nanos.addAndGet(OutageLog.REMINDER_EVERY.minusSeconds(1).toNanos());
    outages.failed(where, "Firing a failed", REFUSED);
    assertThat(warnings()).hasSize(1);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    outages.failed(where, "Firing a failed", REFUSED);
    outages.failed(where, "Firing a failed", REFUSED);

    assertThat(warnings())
        .hasSize(2)
        .last()
        .isEqualTo(
            "warn: The database is still unreachable after 60 s (3 failed attempts so far):"
                + " Connection to 127.0.0.1:5432 refused.");
  }

  @Test
  void otherFailuresAreErrorsWithTheirStackTrace() {
    IllegalStateException bug = new IllegalStateException("a bug");

    outages.failed(where, "Engine step failed; continuing", bug);

    assertThat(logged).containsExactly("error: Engine step failed; continuing [a bug]");
    assertThat(outages.unreachable()).isFalse();
  }

  @Test
  void aPoolTimeoutIsNamedByItsMessageWhenItCarriesNoCause() {
    outages.failed(
        where,
        "Cannot read timers; polling",
        new SQLTransientConnectionException(
            "hydra - Connection is not available, request timed out after 5000ms."));

    assertThat(warnings().get(0))
        .contains("(hydra - Connection is not available, request timed out after 5000ms.)");
  }

  @Test
  void theReasonIsTheFailureWithASqlStateNotThePoolsStandIn() {
    // The pool's stand-in for a connection it closed, failing a rollback after the real failure.
    SQLException closed = new SQLException("Connection is closed");
    closed.initCause(
        new SQLException("An I/O error occurred while sending to the backend.", "08006"));

    outages.failed(where, "Applying 1 reports failed; held", new IllegalStateException(closed));

    assertThat(warnings().get(0))
        .contains("unreachable (An I/O error occurred while sending to the backend.)");
  }

  private List<String> warnings() {
    return logged.stream().filter(line -> line.startsWith("warn")).toList();
  }

  private static RuntimeException wrapped(SQLException e) {
    return new IllegalStateException("query failed", e);
  }

  /**
   * A logger that records each call as "level: message", its {} filled in, and " [message]" of the
   * exception logged with it.
   */
  private static Logger recording(List<String> logged) {
    return (Logger)
        Proxy.newProxyInstance(
            OutageLogTest.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              if (method.getReturnType() == boolean.class) {
                return true; // isDebugEnabled() and the like
              }
              if (args != null && args[0] instanceof String format) {
                Object[] values =
                    args.length == 2 && args[1] instanceof Object[] varargs
                        ? varargs // warn(String, Object...)
                        : Arrays.copyOfRange(args, 1, args.length);
                FormattingTuple message = MessageFormatter.arrayFormat(format, values);
                Throwable thrown = message.getThrowable();
                logged.add(
                    method.getName()
                        + ": "
                        + message.getMessage()
                        + (thrown == null ? "" : " [" + thrown.getMessage() + "]"));
              }
              return null;
            });
  }
}
