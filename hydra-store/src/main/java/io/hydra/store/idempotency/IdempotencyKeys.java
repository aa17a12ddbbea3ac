package io.hydra.store.idempotency;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code idempotency_key} table: a claimed key, then the answer given under it. */
public final class IdempotencyKeys {

  /** A stored key; {@code status} is null while its first request is still being handled. */
  public record Stored(String requestHash, Integer status, String body, String location) {}

  private final Handle handle;

  public IdempotencyKeys(Handle handle) {
    this.handle = handle;
  }

  /** True when this request is the first with the key: it goes ahead and its answer is kept. */
  public boolean claim(String scope, String key, String requestHash) {
    return handle
            .createUpdate(
                "insert into idempotency_key (scope, key, request_hash) "
                    + "values (:scope, :key, :hash) on conflict (scope, key) do nothing")
            .bind("scope", scope)
            .bind("key", key)
            .bind("hash", requestHash)
            .execute()
        > 0;
  }

  public Optional<Stored> get(String scope, String key) {
    return handle
        .createQuery(
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
        .findOne();
  }

  public void complete(String scope, String key, int status, String body, String location) {
    handle
        .createUpdate(
            "update idempotency_key set status = :status, body = :body, location = :location "
                + "where scope = :scope and key = :key")
        .bind("scope", scope)
        .bind("key", key)
        .bind("status", status)
        .bind("body", body)
        .bind("location", location)
        .execute();
  }

  /** Forgets a key, so a retry of a request that failed on the server side can try again. */
  public void release(String scope, String key) {
    handle
        .createUpdate("delete from idempotency_key where scope = :scope and key = :key")
        .bind("scope", scope)
        .bind("key", key)
        .execute();
  }

  /** Deletes the keys claimed longer than {@code keep} ago; returns how many. */
  public int purgeOlderThan(Duration keep) {
    return handle
        .createUpdate(
            "delete from idempotency_key "
                + "where created_at < now() - make_interval(secs => :secs)")
        .bind("secs", (double) keep.toSeconds())
        .execute();
  }
}
