package io.hydra.web.idempotency;

import io.hydra.store.Store;
import io.hydra.store.idempotency.IdempotencyKeys.Stored;
import java.time.Duration;
import java.util.Optional;

/**
 * Claimed keys and the answers given under them, kept by the store ({@code idempotency_key}). Each
 * call commits on its own: a claim is bookkeeping, not the change the request makes, so it must not
 * carry the request's audit row.
 */
final class IdempotencyKeys {

  private final Store store;
  private final Duration keep;

  IdempotencyKeys(Store store, Duration keep) {
    this.store = store;
    this.keep = keep;
  }

  /** True when this request is the first with the key: it goes ahead and its answer is kept. */
  boolean claim(String scope, String key, String requestHash) {
    return store.standalone(tx -> tx.idempotencyKeys().claim(scope, key, requestHash));
  }

  Optional<Stored> get(String scope, String key) {
    return store.read(tx -> tx.idempotencyKeys().get(scope, key));
  }

  void complete(String scope, String key, int status, String body, String location) {
    store.useStandalone(tx -> tx.idempotencyKeys().complete(scope, key, status, body, location));
  }

  /** A request that failed on the server side keeps no answer, so a retry can try again. */
  void release(String scope, String key) {
    store.useStandalone(tx -> tx.idempotencyKeys().release(scope, key));
  }

  int purgeExpired() {
    return store.standalone(tx -> tx.idempotencyKeys().purgeOlderThan(keep));
  }
}
