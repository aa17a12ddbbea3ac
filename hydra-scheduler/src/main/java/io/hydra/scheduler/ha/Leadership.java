package io.hydra.scheduler.ha;

import io.hydra.store.SqlFailures;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.lease.LeaderLeases;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds, renews and gives up the engine's leader lease (docs/operations.md, High availability).
 * Only the leader schedules and launches; every leader-only transaction first calls {@link #check},
 * which locks the lease row so the lease cannot change hands before that transaction commits
 * (fencing).
 *
 * <p>Between renewals this instance counts itself leader only until {@code ttl - margin} after the
 * start of its last successful renewal, measured on its own monotonic clock. The database lets
 * another instance take the lease only after {@code ttl} from that renewal, so a leader cut off
 * from the database stops launching before anyone else can start.
 */
public final class Leadership implements AutoCloseable {

  public static final String ENGINE_LEASE = "engine";

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final Store store;
  private final String holder;
  private final Duration ttl;
  private final Runnable onGained;
  private final ScheduledExecutorService timer;
  private volatile long epoch = -1;
  private volatile long validUntilNanos;

  public Leadership(Store store, Duration ttl, Runnable onGained) {
    this.store = store;
    this.ttl = ttl;
    this.onGained = onGained;
    this.holder = holderName();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hydra-lease");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    long period = Math.max(50, ttl.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::heartbeat, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes or renews the lease; logs and keeps going on any failure. Called by the lease thread, and
   * by an engine driven step by step in tests.
   */
  public void heartbeat() {
    long started = System.nanoTime();
    try {
      Optional<LeaderLeases.Lease> lease =
          store.inTransaction(tx -> tx.leases().acquireOrRenew(ENGINE_LEASE, holder, ttl));
      if (lease.isEmpty()) {
        if (epoch > 0) {
          log.warn("Lost the leader lease (epoch {}); another instance leads now", epoch);
        }
        epoch = -1;
        return;
      }
      long term = lease.get().epoch();
      boolean gained = term != epoch || !isLeader();
      if (gained) {
        // Before this instance counts as leader: the loop must take over (reconcile what an
        // earlier term left) before it schedules anything in this term.
        endDeposedTransactions();
        onGained.run();
      }
      epoch = term;
      validUntilNanos = started + ttl.minus(margin()).toNanos();
      if (gained) {
        log.info("This instance ({}) leads, epoch {}", holder, epoch);
      }
    } catch (RuntimeException e) {
      if (SqlFailures.hasState(e, "55P03"::equals)) {
        // lock_timeout: an instance cut off mid-transaction still holds the lease row, until
        // PostgreSQL ends its idle session; expected during a partition, tried again shortly.
        log.warn("The leader lease is locked by another instance's open transaction; retrying");
        return;
      }
      String what =
          isLeader()
              ? "Renewing the leader lease failed; leading only until it lapses"
              : "Taking the leader lease failed; following";
      store.outages().failed(log, what, e);
    }
  }

  /**
   * A deposed leader that lost the database mid-transaction may still hold row locks that this
   * leader's transactions need; its transaction can never commit now, so it is ended.
   */
  private void endDeposedTransactions() {
    try {
      int ended = store.read(tx -> tx.leases().endOtherLeadersTransactions(holder));
      if (ended > 0) {
        log.warn("Ended {} transactions a deposed leader had left open", ended);
      }
    } catch (RuntimeException e) {
      log.warn("Could not end transactions a deposed leader left open", e);
    }
  }

  /** Whether this instance may schedule and launch now. */
  public boolean isLeader() {
    return epoch > 0 && System.nanoTime() - validUntilNanos < 0;
  }

  /**
   * The current term (the lease's epoch) while this instance leads, 0 otherwise: work asked for in
   * one term can check it is still that term when it is done later.
   */
  public long term() {
    long current = epoch;
    return current > 0 && System.nanoTime() - validUntilNanos < 0 ? current : 0;
  }

  /** Fencing: inside a leader-only transaction, before it writes anything. */
  public void check(Tx tx) {
    long current = epoch;
    if (!isLeader() || !tx.leases().holds(ENGINE_LEASE, holder, current)) {
      throw new NotLeaderException(
          "instance " + holder + " does not hold the leader lease" + " (epoch " + current + ")");
    }
  }

  public String holder() {
    return holder;
  }

  public long epoch() {
    return epoch;
  }

  /** The instance that holds the lease now, if any. */
  public Optional<String> currentLeader() {
    return store.read(tx -> tx.leases().current(ENGINE_LEASE)).map(LeaderLeases.Lease::holder);
  }

  public Duration ttl() {
    return ttl;
  }

  private Duration margin() {
    return ttl.dividedBy(5);
  }

  /** Stops renewing and, if leading, releases the lease so another instance takes over now. */
  @Override
  public void close() {
    timer.shutdownNow();
    long current = epoch;
    epoch = -1;
    if (current > 0) {
      try {
        store.useTransaction(tx -> tx.leases().release(ENGINE_LEASE, holder, current));
        log.info("Gave up the leader lease (epoch {}): another instance may lead now", current);
      } catch (RuntimeException e) {
        log.warn("Could not release the leader lease; it lapses in {}", ttl, e);
      }
    }
  }

  private static String holderName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host
        + "/"
        + ProcessHandle.current().pid()
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
