package io.hydra.store.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliveriesTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static Optional<Long> pending(long eventId, String job, String url) {
    return store.standalone(tx -> tx.deliveries().insertPending(eventId, 7, job, "failed", url));
  }

  @Test
  void anEventIsDeliveredOnceToEachUrl() {
    Optional<Long> first = pending(1, "etl", "http://a");

    assertThat(first).isPresent();
    assertThat(pending(1, "etl", "http://a")).as("another instance took it").isEmpty();
    assertThat(pending(1, "etl", "http://b")).isPresent();
  }

  @Test
  void aTryIsRecordedAndDeliveriesAreListedNewestFirstByJob() {
    long older = pending(10, "report", "http://a").orElseThrow();
    long newer = pending(11, "report", "http://a").orElseThrow();
    pending(12, "elsewhere", "http://a");

    store.useTransaction(tx -> tx.deliveries().update(older, "delivered", 2, 204, null));
    store.useTransaction(tx -> tx.deliveries().update(newer, "pending", 1, 0, "timed out"));

    List<Delivery> listed = store.read(tx -> tx.deliveries().newest("report", 10));
    assertThat(listed).extracting(Delivery::id).containsExactly(newer, older);
    Delivery retried = listed.get(0);
    assertThat(retried.responseCode()).as("no answer came").isNull();
    assertThat(retried.lastError()).isEqualTo("timed out");
    Delivery delivered = listed.get(1);
    assertThat(delivered.state()).isEqualTo("delivered");
    assertThat(delivered.attempts()).isEqualTo(2);
    assertThat(delivered.responseCode()).isEqualTo(204);
    assertThat(delivered.eventId()).isEqualTo(10);
    assertThat(delivered.runId()).isEqualTo(7);
    assertThat(delivered.event()).isEqualTo("failed");
    assertThat(store.<List<Delivery>>read(tx -> tx.deliveries().newest(null, 2))).hasSize(2);
  }
}
