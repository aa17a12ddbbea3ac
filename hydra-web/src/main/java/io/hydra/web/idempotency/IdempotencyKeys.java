package io.hydra.web.idempotency;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code idempotency_key} table: a claimed key, then the answer given under it. */
final class IdempotencyKeys {

  /** A stored key; {@code status} is null while its first request is still being handled. */
  record Stored(String requestHash, Integer status, String body, String location) {}

  private final Jdbi jdbi;
  private final Duration keep;

  IdempotencyKeys(Jdbi jdbi, Duration keep) {
    this.jdbi = jdbi;
    this.keep = keep;
  }

  /** True when this request is the first with the key: it goes ahead and its answer is kept. */
  boolean claim(String scope, String key, String requestHash) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "insert into idempotency_key (scope, key, request_hash) values (:scope, :key, :hash) "
                            + "on conflict (scope, key) do nothing")
                    .bind("scope", scope)
                    .bind("key", key)
                    .bind("hash", requestHash)
                    .execute())
        > 0;
  }

  Optional<Stored> get(String scope, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select request_hash, status, body, location from idempotency_key "
                        + "where scope = :scope and key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .map(
                    (rs, ctx) ->
                        new Stored(
                            rs.getString("request_hash"),
                            (Integer) rs.getObject("status"),
                            rs.getString("body"),
                            rs.getString("location")))
                .findOne());
  }

  void complete(String scope, String key, int status, String body, String location) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "update idempotency_key set status = :status, body = :body, location = :location "
                        + "where scope = :scope and key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .bind("status", status)
                .bind("body", body)
                .bind("location", location)
                .execute());
  }

  /** A request that failed on the server side keeps no answer, so a retry can try again. */
  void release(String scope, String key) {
    jdbi.useHandle(
        h ->
            h.createUpdate("delete from idempotency_key where scope = :scope and key = :key")
                .bind("scope", scope)
                .bind("key", key)
                .execute());
  }

  int purgeExpired() {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "delete from idempotency_key where created_at < now() - make_interval(secs => :secs)")
                .bind("secs", (double) keep.toSeconds())
                .execute());
  }
}
