package io.hydra.scheduler.launch.mesos;

import io.hydra.core.queue.FairShare;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns offers into launches. An offer is held for {@link OfferTiming#linger} and then matched
 * against everything queued by then, so a burst rides on one offer instead of a cycle each. For
 * each offer that got tasks, the sending is journaled (one commit per offer) before its ACCEPT goes
 * out; offers that got none are declined with the refuse filter.
 *
 * <p>Methods marked "lock held" are called with the launcher's lock; {@link #dispatch} takes it
 * itself, but never holds it while journaling. Calls are handed to the ordered sender under the
 * lock, so they reach the master in decision order.
 */
final class OfferDispatcher {

  private static final Logger log = LoggerFactory.getLogger(OfferDispatcher.class);

  private final Object lock;
  private final TaskBook book;
  private final Revival revival;
  private final Consumer<Call.Builder> send;
  private final LaunchJournal journal;
  private final OfferTiming timing;
  private final Protos.Filters filters;
  private final ScheduledExecutorService timer;
  private final OfferCounts counts;
  private final Supplier<Instant> now;

  /** Where the statuses of tasks killed while their launch was being recorded go. */
  private final Consumer<TaskStatus> killedInFlight;

  private List<Protos.Offer> held = new ArrayList<>();
  private boolean scheduled;

  /** How each round's offers are shared among the owners of queued tasks. */
  private volatile FairShare fairShare = FairShare.equal();

  /** Bumped by every disconnect and subscription: offers of an older connection are void. */
  private long generation;

  /** One offer's share of a dispatch: what it carries, journaled before the ACCEPT. */
  private record Batch(Protos.Offer offer, List<OfferMatcher.Placement> placed) {}

  OfferDispatcher(
      Object lock,
      TaskBook book,
      Revival revival,
      Consumer<Call.Builder> send,
      LaunchJournal journal,
      OfferTiming timing,
      Protos.Filters filters,
      ScheduledExecutorService timer,
      OfferCounts counts,
      Supplier<Instant> now,
      Consumer<TaskStatus> killedInFlight) {
    this.lock = lock;
    this.book = book;
    this.revival = revival;
    this.send = send;
    this.journal = journal;
    this.timing = timing;
    this.filters = filters;
    this.timer = timer;
    this.counts = counts;
    this.now = now;
    this.killedInFlight = killedInFlight;
  }

  void shareBy(FairShare share) {
    this.fairShare = share;
  }

  /** Lock held. */
  void offered(List<Protos.Offer> offers) {
    counts.received.add(offers.size());
    revival.offersArrived();
    held.addAll(offers);
    if (book.queue.isEmpty()) {
      declineHeld();
      settle();
    } else {
      schedule();
    }
  }

  /** Lock held: a task was queued. */
  void workQueued() {
    if (held.isEmpty()) {
      revival.newWork(System.nanoTime());
    } else {
      schedule();
    }
  }

  /** Lock held. */
  void rescinded(Protos.OfferID id) {
    held.removeIf(o -> o.getId().equals(id));
  }

  /** Lock held: the agent is gone, and its offers with it. */
  void agentRemoved(String agentId) {
    held.removeIf(o -> o.getAgentId().getValue().equals(agentId));
  }

  /**
   * Lock held: the connection ended or a new one began. Offers die with the connection, and a
   * dispatch under way puts its tasks back in the queue instead of sending an ACCEPT that could not
   * arrive.
   */
  void connectionChanged() {
    held.clear();
    generation++;
  }

  /**
   * Lock held: sees that waiting work gets offers and idle work none. The work waiting now was
   * matched against every offer this launcher declined or accepted; what came since went through
   * {@link #workQueued}.
   */
  void settle() {
    if (!book.busy()) {
      revival.idle();
    } else if (!book.queue.isEmpty() && held.isEmpty()) {
      revival.stillWaiting(System.nanoTime());
    }
  }

  /** Lock held: the watchdog's tick. */
  void watch() {
    if (!held.isEmpty() && !scheduled) {
      schedule();
    }
    revival.watch(!book.queue.isEmpty() && held.isEmpty(), System.nanoTime());
  }

  /** Lock held. */
  boolean holdsOffers() {
    return !held.isEmpty();
  }

  private void schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    try {
      timer.schedule(this::dispatch, timing.linger().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Closing; offers not dispatched");
    }
  }

  /** Matches the held offers against the queue, journals each offer's tasks, then sends. */
  void dispatch() {
    List<Batch> batches = new ArrayList<>();
    long gen;
    synchronized (lock) {
      scheduled = false;
      gen = generation;
      List<Protos.Offer> offers = held;
      held = new ArrayList<>();
      Map<Protos.OfferID, List<OfferMatcher.Placement>> matched =
          OfferMatcher.match(offers, book.queueInOrder(fairShare), book::placementsOf);
      List<Protos.Offer> unused = new ArrayList<>();
      for (Protos.Offer o : offers) {
        List<OfferMatcher.Placement> placed = matched.get(o.getId());
        if (placed == null) {
          unused.add(o);
          continue;
        }
        for (OfferMatcher.Placement p : placed) {
          book.queue.remove(p.task().taskId());
          book.inFlight.put(p.task().taskId(), p.task());
        }
        batches.add(new Batch(o, placed));
      }
      decline(unused);
    }
    List<TaskStatus> killed = new ArrayList<>();
    for (Batch b : batches) {
      boolean journaled = record(b);
      synchronized (lock) {
        if (journaled && gen == generation) {
          accept(b);
        } else {
          requeue(b, killed);
          if (journaled) {
            log.info("Offer {} died with its connection; tasks queued again", id(b.offer()));
          } else {
            decline(List.of(b.offer()));
          }
          // They fit and were not sent: new work, whose REVIVE clears the filter just set.
          if (!book.queue.isEmpty()) {
            workQueued();
          }
        }
      }
    }
    synchronized (lock) {
      settle();
    }
    killed.forEach(killedInFlight);
  }

  private boolean record(Batch b) {
    List<String> ids = b.placed().stream().map(p -> p.task().taskId()).toList();
    Protos.Offer o = b.offer();
    try {
      // The host as the task's statuses will name it, so the location reads the same throughout.
      String host = AgentView.endpoint(o).getHost();
      journal.recordSent(ids, TaskLocation.mesosAgent(o.getAgentId().getValue(), host));
      return true;
    } catch (RuntimeException e) {
      log.warn("Cannot record the launch of {} tasks; not sending them yet", ids.size(), e);
      return false;
    }
  }

  /** Lock held. */
  private void accept(Batch b) {
    Protos.Offer o = b.offer();
    String agentId = o.getAgentId().getValue();
    Map<String, String> attributes = AgentAttributes.of(o);
    Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
    long t = System.nanoTime();
    for (OfferMatcher.Placement p : b.placed()) {
      LaunchRequest r = p.task().request();
      launch.addTaskInfos(MesosTasks.taskInfo(r, o.getAgentId(), p.resources()));
      book.sent(p.task(), agentId, attributes, t);
      log.info("Launching task {} on agent {} ({})", r.taskId(), agentId, o.getHostname());
    }
    send.accept(
        Call.newBuilder()
            .setType(Call.Type.ACCEPT)
            .setAccept(
                Call.Accept.newBuilder()
                    .addOfferIds(o.getId())
                    .addOperations(
                        Protos.Offer.Operation.newBuilder()
                            .setType(Protos.Offer.Operation.Type.LAUNCH)
                            .setLaunch(launch))
                    .setFilters(filters)));
    counts.accepted.increment();
    // The unused part of the offer is filtered as well.
    revival.filtersSet(System.nanoTime());
    for (OfferMatcher.Placement p : b.placed()) {
      if (book.killRequested.contains(p.task().taskId())) {
        // Killed while its launch was being recorded: the KILL follows the ACCEPT.
        send.accept(MesosCalls.kill(p.task().taskId(), agentId));
      }
    }
  }

  /** Lock held: the tasks wait again, but those killed meanwhile end here. */
  private void requeue(Batch b, List<TaskStatus> killed) {
    for (OfferMatcher.Placement p : b.placed()) {
      String id = p.task().taskId();
      book.inFlight.remove(id);
      if (book.killRequested.remove(id)) {
        killed.add(
            new TaskStatus(
                id, TaskState.KILLED, null, "killed before Mesos launched it", now.get()));
      } else {
        book.queue.put(id, p.task());
      }
    }
  }

  /** Lock held. */
  private void decline(List<Protos.Offer> offers) {
    if (offers.isEmpty()) {
      return;
    }
    Call.Decline.Builder d = Call.Decline.newBuilder().setFilters(filters);
    offers.forEach(o -> d.addOfferIds(o.getId()));
    send.accept(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(d));
    counts.declined.add(offers.size());
    revival.filtersSet(System.nanoTime());
  }

  /** Lock held. */
  private void declineHeld() {
    List<Protos.Offer> offers = held;
    held = new ArrayList<>();
    decline(offers);
  }

  private static String id(Protos.Offer o) {
    return o.getId().getValue();
  }
}
