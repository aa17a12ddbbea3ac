package io.hydra.store.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Store;
import io.hydra.store.idempotency.IdempotencyKeys.Stored;
import io.hydra.store.testing.TestStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdempotencyKeysTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  @Test
  void onlyTheFirstClaimOfAKeyWinsAndItsAnswerIsKept() {
    assertThat(store.<Boolean>standalone(tx -> tx.idempotencyKeys().claim("t", "k1", "h")))
        .isTrue();
    assertThat(store.<Boolean>standalone(tx -> tx.idempotencyKeys().claim("t", "k1", "h")))
        .isFalse();
    assertThat(store.<Boolean>standalone(tx -> tx.idempotencyKeys().claim("u", "k1", "h")))
        .as("another scope")
        .isTrue();
    assertThat(store.<Optional<Stored>>read(tx -> tx.idempotencyKeys().get("t", "k1")))
        .contains(new Stored("h", null, null, null));

    store.useTransaction(tx -> tx.idempotencyKeys().complete("t", "k1", 201, "{}", "/runs/1"));

    assertThat(store.<Optional<Stored>>read(tx -> tx.idempotencyKeys().get("t", "k1")))
        .contains(new Stored("h", 201, "{}", "/runs/1"));
  }

  @Test
  void aReleasedKeyCanBeClaimedAgain() {
    store.standalone(tx -> tx.idempotencyKeys().claim("t", "k2", "h"));
    store.useTransaction(tx -> tx.idempotencyKeys().release("t", "k2"));

    assertThat(store.<Optional<Stored>>read(tx -> tx.idempotencyKeys().get("t", "k2"))).isEmpty();
    assertThat(store.<Boolean>standalone(tx -> tx.idempotencyKeys().claim("t", "k2", "h2")))
        .isTrue();
  }

  @Test
  void onlyKeysOlderThanTheirKeepArePurged() {
    store.standalone(tx -> tx.idempotencyKeys().claim("p", "k3", "h"));

    assertThat(
            store.<Integer>standalone(
                tx -> tx.idempotencyKeys().purgeOlderThan(Duration.ofHours(1))))
        .isZero();
    // Claimed in an earlier transaction, so older than now() of this one.
    assertThat(store.<Integer>standalone(tx -> tx.idempotencyKeys().purgeOlderThan(Duration.ZERO)))
        .isPositive();
    assertThat(store.<Optional<Stored>>read(tx -> tx.idempotencyKeys().get("p", "k3"))).isEmpty();
  }
}
