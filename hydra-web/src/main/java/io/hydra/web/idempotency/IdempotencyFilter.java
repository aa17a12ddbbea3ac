package io.hydra.web.idempotency;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.store.Store;
import io.hydra.store.idempotency.IdempotencyKeys.Stored;
import io.hydra.web.auth.Principal;
import io.hydra.web.http.JsonErrors;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on the routes that start work: the first request with a key claims it and
 * its answer is kept; a repeat (same caller, same endpoint) gets that answer again and starts
 * nothing. A repeat with another body is a client bug: 422.
 */
public final class IdempotencyFilter {

  public static final String HEADER = "Idempotency-Key";

  /** Stripe's convention: keys live a day at least, then they are purged. */
  public static final Duration KEEP = Duration.ofHours(24);

  private static final Set<String> ROUTES =
      Set.of(
          "/api/v1/jobs/{name}/runs",
          "/api/v1/jobs/{name}/backfill",
          "/api/v1/runs/{id}/rerun",
          "/api/v1/runs/{id}/pipeline/retry");
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final long PURGE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
  private static final String CLAIM = "hydra.idempotency.claim";

  private final IdempotencyKeys keys;
  private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS);

  public IdempotencyFilter(Store store) {
    this.keys = new IdempotencyKeys(store, KEEP);
  }

  private record Claim(String scope, String key) {}

  public void before(Context ctx) {
    String key = ctx.header(HEADER);
    if (key == null || !ROUTES.contains(ctx.endpointHandlerPath())) {
      return;
    }
    if (!KEY.matcher(key).matches()) {
      throw ValidationException.of(HEADER, "must be 1 to 200 printable ASCII characters");
    }
    purgeNowAndThen();
    String scope = Principal.of(ctx).name() + " " + ctx.method() + " " + ctx.path();
    String hash = hash(ctx);
    if (keys.claim(scope, key, hash)) {
      ctx.attribute(CLAIM, new Claim(scope, key));
      return;
    }
    Stored stored =
        keys.get(scope, key)
            .orElseThrow(
                () ->
                    new HttpResponseException(
                        409, "the request with this Idempotency-Key just expired; " + "retry"));
    if (!stored.requestHash().equals(hash)) {
      JsonErrors.send(
          ctx,
          422,
          "idempotency_key_reused",
          "this Idempotency-Key was used with " + "a different request body",
          List.of(new FieldError(HEADER, "already used for another request; use a new key")));
      ctx.skipRemainingHandlers();
      return;
    }
    if (stored.status() == null) {
      throw new HttpResponseException(
          409, "a request with this Idempotency-Key is still " + "being handled; retry shortly");
    }
    ctx.status(stored.status())
        .contentType("application/json")
        .header("Idempotent-Replayed", "true");
    if (stored.location() != null) {
      ctx.header("Location", stored.location());
    }
    ctx.result(stored.body() == null ? "" : stored.body());
    ctx.skipRemainingHandlers();
  }

  public void after(Context ctx) {
    Claim claim = ctx.attribute(CLAIM);
    if (claim == null) {
      return;
    }
    if (ctx.statusCode() >= 500) {
      keys.release(claim.scope(), claim.key());
    } else {
      keys.complete(
          claim.scope(),
          claim.key(),
          ctx.statusCode(),
          ctx.result(),
          ctx.res().getHeader("Location"));
    }
  }

  private void purgeNowAndThen() {
    long last = lastPurge.get();
    long now = System.nanoTime();
    if (now - last >= PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, now)) {
      keys.purgeExpired();
    }
  }

  private static String hash(Context ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(ctx.bodyAsBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
