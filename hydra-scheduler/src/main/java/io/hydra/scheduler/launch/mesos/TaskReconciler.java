package io.hydra.scheduler.launch.mesos;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the master about tasks: those the engine hands over after a takeover, every tracked task
 * after each subscription (repeating kills not yet confirmed), and periodically the ones the master
 * left unanswered plus an implicit reconciliation.
 */
final class TaskReconciler {

  private static final Logger log = LoggerFactory.getLogger(TaskReconciler.class);

  private final Object lock;
  private final TaskBook book;
  private final OfferDispatcher dispatcher;
  private final MesosSchedulerClient client;
  private final Consumer<Call.Builder> calls;
  private final Clock clock;

  /** When the last explicit reconciliation was sent; tasks not heard of since are unanswered. */
  private long reconcileStartedNanos;

  TaskReconciler(
      Object lock,
      TaskBook book,
      OfferDispatcher dispatcher,
      MesosSchedulerClient client,
      Consumer<Call.Builder> calls,
      Clock clock) {
    this.lock = lock;
    this.book = book;
    this.dispatcher = dispatcher;
    this.client = client;
    this.calls = calls;
    this.clock = clock;
  }

  /** Asks the master about the tasks; returns the statuses known at once (still queued here). */
  List<TaskStatus> reconcile(Collection<KnownTask> tasks) {
    List<TaskStatus> neverStarted = new ArrayList<>();
    List<Call.Reconcile.Task> ask = new ArrayList<>();
    synchronized (lock) {
      for (KnownTask k : tasks) {
        String id = k.taskId();
        if (book.queue.remove(id) != null) {
          // Still waiting for an offer, so certainly not running: end it here instead.
          neverStarted.add(
              new TaskStatus(
                  id, TaskState.NOT_STARTED, null, "still queued for a Mesos offer", clock.now()));
          continue;
        }
        if (book.inFlight.containsKey(id)) {
          continue; // its ACCEPT is about to go out; its updates will tell
        }
        if (!k.sent() && !book.sent.contains(id)) {
          book.neverSent.add(id);
        }
        TaskBook.Tracked t =
            book.tracked.computeIfAbsent(
                id, x -> new TaskBook.Tracked(MesosLauncher.jobOf(x), book.taskAgents.get(x), 0));
        ask.add(MesosCalls.reconcileTask(id, t.agentId()));
      }
      if (!neverStarted.isEmpty()) {
        dispatcher.settle();
      }
      if (!ask.isEmpty() && client.isSubscribed()) {
        calls.accept(MesosCalls.reconcile(ask));
      }
    }
    return neverStarted;
  }

  /** Lock held: a new subscription asks about every tracked task and repeats owed kills. */
  void subscribed() {
    reconcileStartedNanos = System.nanoTime();
    List<Call.Reconcile.Task> ask = new ArrayList<>();
    book.tracked.forEach((id, t) -> ask.add(MesosCalls.reconcileTask(id, t.agentId())));
    if (!ask.isEmpty()) {
      log.info("Reconciling {} tasks after subscribing", ask.size());
      calls.accept(MesosCalls.reconcile(ask));
    }
    for (String id : book.killRequested) {
      if (!book.inFlight.containsKey(id)) {
        TaskBook.Tracked t = book.tracked.get(id);
        calls.accept(MesosCalls.kill(id, t == null ? null : t.agentId()));
      }
    }
  }

  /**
   * Repeats explicit reconciliation for tasks the master has not answered for since the last one
   * (it stays silent while agents reregister after a master failover), then asks for everything it
   * knows (implicit reconciliation), which catches updates lost in transit.
   */
  void periodic() {
    try {
      if (!client.isSubscribed()) {
        return;
      }
      List<Call.Reconcile.Task> ask = new ArrayList<>();
      synchronized (lock) {
        long since = reconcileStartedNanos;
        book.tracked.forEach(
            (id, t) -> {
              if (t.lastUpdateNanos() - since < 0) {
                ask.add(MesosCalls.reconcileTask(id, t.agentId()));
              }
            });
        reconcileStartedNanos = System.nanoTime();
      }
      if (!ask.isEmpty()) {
        calls.accept(MesosCalls.reconcile(ask));
      }
      calls.accept(MesosCalls.reconcile(List.of()));
    } catch (RuntimeException e) {
      log.warn("Periodic Mesos reconciliation failed", e);
    }
  }
}
