package io.hydra.store.lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

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
   *
   * <p>The two take different locks on purpose. A renewal changes only the expiry, and its row lock
   * (FOR NO KEY UPDATE) does not conflict with the FOR KEY SHARE of the holder's own fenced
   * transactions ({@link #holds}), so under load it never queues behind them. A takeover changes
   * holder and epoch, and first locks the row FOR UPDATE, which waits until every fenced
   * transaction of the old holder has ended: none can commit under the new epoch.
   */
  public Optional<Lease> acquireOrRenew(String name, String holder, Duration ttl) {
    // A deposed leader's open transaction may still lock the row; try again next heartbeat.
    handle.execute("set local lock_timeout = '1s'");
    Optional<Lease> renewed =
        handle
            .createQuery(
                "update leader_lease set expires_at = now() + :ttl * interval '1 millisecond' "
                    + "where name = :name and holder = :holder returning *")
            .bind("name", name)
            .bind("holder", holder)
            .bind("ttl", ttl.toMillis())
            .map(LeaderLeases::lease)
            .findOne();
    return renewed.isPresent() ? renewed : takeOver(name, holder, ttl);
  }

  private Optional<Lease> takeOver(String name, String holder, Duration ttl) {
    handle
        .createQuery("select 1 from leader_lease where name = :name for update")
        .bind("name", name)
        .mapTo(Integer.class)
        .findOne();
    return handle
        .createQuery(
            "insert into leader_lease (name, holder, epoch, expires_at) "
                + "values (:name, :holder, 1, now() + :ttl * interval '1 millisecond') "
                + "on conflict (name) do update set epoch = leader_lease.epoch + 1, "
                + "holder = excluded.holder, expires_at = excluded.expires_at "
                + "where leader_lease.expires_at < now() "
                + "returning *")
        .bind("name", name)
        .bind("holder", holder)
        .bind("ttl", ttl.toMillis())
        .map(LeaderLeases::lease)
        .findOne();
  }

  /**
   * Whether {@code holder} still holds the lease with {@code epoch}, unexpired. The row is locked
   * (FOR KEY SHARE) until the transaction ends, so nobody can take the lease over meanwhile (a
   * takeover locks it FOR UPDATE first): a write made after this check commits only under a valid
   * lease (fencing). The holder's renewals do not wait for it.
   *
   * <p>The transaction is also named after its holder ({@link #sessionTag}), so that a later leader
   * can find and end it if its client vanished mid-transaction, and gets a lock timeout, so that a
   * lock held by such a client makes it fail and retry rather than wait for ever.
   */
  public boolean holds(String name, String holder, long epoch) {
    return handle
        .createQuery(
            "select set_config('application_name', :tag, true) is not null "
                + "and set_config('lock_timeout', :lockTimeout, true) is not null "
                + "and exists (select 1 from leader_lease where name = :name and holder = :holder "
                + "and epoch = :epoch and expires_at > now() for key share)")
        .bind("tag", sessionTag(holder))
        .bind("lockTimeout", LEADER_LOCK_TIMEOUT)
        .bind("name", name)
        .bind("holder", holder)
        .bind("epoch", epoch)
        .mapTo(Boolean.class)
        .one();
  }

  /** How long a leader-only statement waits for a row lock before its transaction fails. */
  private static final String LEADER_LOCK_TIMEOUT = "10s";

  /** The {@code application_name} of a leader-only transaction of {@code holder}. */
  static String sessionTag(String holder) {
    String tag = "hydra-leader " + holder;
    return tag.length() <= 63 ? tag : tag.substring(0, 63); // PostgreSQL keeps 63 bytes
  }

  /**
   * Ends the sessions still inside a leader-only transaction of a holder other than {@code holder}:
   * after a partition a deposed leader's half-sent transaction can sit in the server for hours (no
   * timeout applies while a client is mid-message), holding row locks. Ending it rolls it back,
   * which is safe: it committed nothing, and nothing is launched before a commit. Returns how many
   * were ended.
   */
  public int endOtherLeadersTransactions(String holder) {
    return handle
        .createQuery(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where datname = current_database() and pid <> pg_backend_pid() "
                + "and application_name like 'hydra-leader %' and application_name <> :tag "
                + "and state <> 'idle'")
        .bind("tag", sessionTag(holder))
        .mapTo(Integer.class)
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
        .map(LeaderLeases::lease)
        .findOne();
  }

  private static Lease lease(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Lease(
        rs.getString("name"),
        rs.getString("holder"),
        rs.getLong("epoch"),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }
}
