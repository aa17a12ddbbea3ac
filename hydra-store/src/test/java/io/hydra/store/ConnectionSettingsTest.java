package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** What every pooled connection is set up with, which failover and latency depend on. */
class ConnectionSettingsTest {

  @Test
  void aSessionLeftInATransactionIsEndedAndStatementsAreNeverJitCompiled() {
    try (Database db = TestDatabase.create()) {
      String[] settings =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select current_setting('idle_in_transaction_session_timeout')"
                                  + " || ' ' || current_setting('jit')")
                          .mapTo(String.class)
                          .one())
              .split(" ");
      assertThat(settings).containsExactly("5s", "off");
    }
  }
}
