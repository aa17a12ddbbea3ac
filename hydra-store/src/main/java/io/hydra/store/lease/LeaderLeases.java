package io.hydra.store.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code leader_lease} table. Times are the database's ({@code now()}), so instances with
 * skewed clocks still agree on when a lease lapses. Every change of holder bumps the epoch.
 */
public final class LeaderLeases {

  /** A lease as stored. */
  public record Lease(String name, String holder, long epoch, Instant expiresAt) {}

  private final Handle handle;

  public LeaderLeases(Handle handle) {
    this.handle = handle;
  }

  /**
   * Takes the lease if it is free or lapsed, or extends it if {@code holder} holds it already.
   * Returns the lease when {@code holder} holds it afterwards.
   */
  public Optional<Lease> acquireOrRenew(String name, String holder, Duration ttl) {
    // A deposed leader's open transaction may still lock the row; try again next heartbeat.
    handle.execute("set local lock_timeout = '1s'");
    return handle
        .createQuery(
            "insert into leader_lease (name, holder, epoch, expires_at) "
                + "values (:name, :holder, 1, now() + :ttl * interval '1 millisecond') "
                + "on conflict (name) do update set "
                + "epoch = case when leader_lease.holder = excluded.holder "
                + "  then leader_lease.epoch else leader_lease.epoch + 1 end, "
                + "holder = excluded.holder, expires_at = excluded.expires_at "
                + "where leader_lease.holder = excluded.holder or leader_lease.expires_at < now() "
                + "returning *")
        .bind("name", name)
        .bind("holder", holder)
        .bind("ttl", ttl.toMillis())
        .map(
            (rs, ctx) ->
                new Lease(
                    rs.getString("name"),
                    rs.getString("holder"),
                    rs.getLong("epoch"),
                    rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
        .findOne();
  }

  /**
   * Whether {@code holder} still holds the lease with {@code epoch}, unexpired. The row is locked
   * (FOR SHARE) until the transaction ends, so nobody can take the lease over meanwhile: a write
   * made after this check commits only under a valid lease (fencing).
   */
  public boolean holds(String name, String holder, long epoch) {
    return handle
        .createQuery(
            "select exists (select 1 from leader_lease where name = :name and holder = :holder "
                + "and epoch = :epoch and expires_at > now() for share)")
        .bind("name", name)
        .bind("holder", holder)
        .bind("epoch", epoch)
        .mapTo(Boolean.class)
        .one();
  }

  /** Gives the lease up at once (a clean shutdown), so another instance need not wait. */
  public void release(String name, String holder, long epoch) {
    handle
        .createUpdate(
            "update leader_lease set expires_at = now() - interval '1 millisecond' "
                + "where name = :name and holder = :holder and epoch = :epoch")
        .bind("name", name)
        .bind("holder", holder)
        .bind("epoch", epoch)
        .execute();
  }

  public Optional<Lease> current(String name) {
    return handle
        .createQuery("select * from leader_lease where name = :name and expires_at > now()")
        .bind("name", name)
        .map(
            (rs, ctx) ->
                new Lease(
                    rs.getString("name"),
                    rs.getString("holder"),
                    rs.getLong("epoch"),
                    rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
        .findOne();
  }
}
