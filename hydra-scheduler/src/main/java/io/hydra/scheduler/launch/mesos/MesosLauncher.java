package io.hydra.scheduler.launch.mesos;

import io.hydra.core.job.TaskConstraint;
import io.hydra.core.queue.FairShare;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Hydra tasks on Apache Mesos through the v1 scheduler HTTP API.
 *
 * <p>{@link #launch} only queues; tasks leave the queue when an offer fits them ({@link
 * OfferDispatcher}). The role is suppressed while nothing waits and revived when work arrives
 * ({@link Revival}), so an idle Hydra costs the allocator nothing. A task id is journaled as sent
 * before the ACCEPT that carries it goes out, and is never sent again, whatever happens to the
 * connection: its fate is learned through status updates and reconciliation, and a task the master
 * does not know that was never journaled is reported never started.
 *
 * <p>Status updates reach the engine unacknowledged; the engine commits them and then calls {@link
 * #acknowledge}, which is when Mesos hears the ACKNOWLEDGE. Until then Mesos keeps redelivering, so
 * a crash between the two loses nothing.
 *
 * <p>All state is guarded by {@code lock}; the listener is never called while holding it.
 */
public final class MesosLauncher implements Launcher {

  private static final Logger log = LoggerFactory.getLogger(MesosLauncher.class);

  private final MesosConfig config;
  private final Clock clock;
  private final MesosSchedulerClient client;

  /** Every call the launcher makes, in decision order (the client's ordered sender). */
  private final Consumer<Call.Builder> calls;

  private final AgentView agentView;
  private final ScheduledExecutorService timer;
  private final OfferTiming timing;
  private final Object lock = new Object();
  private final OfferCounts offerCounts = new OfferCounts();
  private final TaskBook book = new TaskBook();
  private final Revival revival;
  private final OfferDispatcher dispatcher;
  private final StatusUpdates updates;
  private final TaskReconciler reconciler;

  private TaskStatusListener listener;
  private boolean started;

  public MesosLauncher(MesosConfig config, FrameworkIdStore frameworkIds, LaunchJournal journal) {
    this(config, frameworkIds, journal, OfferTiming.DEFAULT, Clock.system());
  }

  public MesosLauncher(
      MesosConfig config,
      FrameworkIdStore frameworkIds,
      LaunchJournal journal,
      OfferTiming timing,
      Clock clock) {
    this(config, frameworkIds, journal, timing, clock, UnaryOperator.identity());
  }

  /**
   * With {@code wire} between the launcher and its sender: tests delay calls there to widen race
   * windows, or drop them to play a process that died mid-step.
   */
  MesosLauncher(
      MesosConfig config,
      FrameworkIdStore frameworkIds,
      LaunchJournal journal,
      OfferTiming timing,
      Clock clock,
      UnaryOperator<Consumer<Call.Builder>> wire) {
    this.config = config;
    this.clock = clock;
    this.timing = timing;
    this.client = new MesosSchedulerClient(config, frameworkIds, new Events());
    this.calls = wire.apply(client::send);
    JsonEndpoints endpoints =
        new JsonEndpoints(
            client.http(), SchedulerRequests.authorization(config), config.requestTimeout());
    this.agentView =
        new AgentView(lock, book, client, new SandboxLogs(endpoints), new MasterState(endpoints));
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hydra-mesos"));
    this.revival =
        new Revival(
            config.role(),
            timing,
            Duration.ofMillis((long) (config.refuseSeconds() * 1000)),
            calls);
    Protos.Filters filters =
        Protos.Filters.newBuilder().setRefuseSeconds(config.refuseSeconds()).build();
    this.dispatcher =
        new OfferDispatcher(
            lock,
            book,
            revival,
            calls,
            journal,
            timing,
            filters,
            timer,
            offerCounts,
            clock::now,
            s -> listener.onStatus(s));
    this.updates = new StatusUpdates(lock, book, clock, calls);
    this.reconciler = new TaskReconciler(lock, book, dispatcher, client, calls, clock);
  }

  @Override
  public void orderBy(FairShare share) {
    dispatcher.shareBy(share);
  }

  @Override
  public String name() {
    return "mesos";
  }

  @Override
  public void start(TaskStatusListener listener) {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      this.listener = listener;
    }
    log.info("Starting Mesos launcher: {}, {}", config, timing);
    client.start();
    long period = config.reconcileInterval().toMillis();
    timer.scheduleWithFixedDelay(reconciler::periodic, period, period, TimeUnit.MILLISECONDS);
    long tick = timing.allocationInterval().toMillis();
    timer.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Queues the task until an offer fits it. Malformed placement constraints end the attempt at once
   * as failed, naming the constraint, since no offer could ever satisfy them.
   */
  @Override
  public void launch(LaunchRequest request) {
    List<TaskConstraint> parsed;
    try {
      parsed = TaskConstraint.parseAll(request.constraints());
    } catch (IllegalArgumentException e) {
      listener.onStatus(
          new TaskStatus(
              request.taskId(),
              TaskState.FAILED,
              null,
              "task.constraints: " + e.getMessage(),
              clock.now()));
      return;
    }
    synchronized (lock) {
      String id = request.taskId();
      if (book.knows(id)) {
        log.warn("Task {} was already launched; not launching it again", id);
        return;
      }
      book.queue.put(id, new QueuedTask(request, parsed));
      dispatcher.workQueued();
    }
    log.debug("Queued task {} for a Mesos offer", request.taskId());
  }

  @Override
  public void kill(String taskId) {
    TaskStatus notStarted = null;
    synchronized (lock) {
      if (book.queue.remove(taskId) != null) {
        // Never offered to Mesos: it ends here.
        notStarted =
            new TaskStatus(
                taskId, TaskState.KILLED, null, "killed before Mesos launched it", clock.now());
        dispatcher.settle();
      } else {
        book.killRequested.add(taskId);
        // In flight, its KILL follows its ACCEPT; otherwise it goes now, after what was sent.
        if (!book.inFlight.containsKey(taskId)) {
          TaskBook.Tracked t = book.tracked.get(taskId);
          calls.accept(MesosCalls.kill(taskId, t == null ? null : t.agentId()));
        }
      }
    }
    if (notStarted != null) {
      listener.onStatus(notStarted);
    }
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    reconciler.reconcile(tasks).forEach(listener::onStatus);
  }

  @Override
  public void acknowledge(TaskStatus status) {
    updates.acknowledge(status);
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    return agentView.openLog(taskId, stream);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    client.close();
  }

  /** Offers received, accepted, declined and rescinded so far, for metrics. */
  public OfferCounts offerCounts() {
    return offerCounts;
  }

  /**
   * How long work has waited for an offer, once that is longer than the watchdog allows (a few
   * allocation intervals); empty while offers come as they should.
   */
  @Override
  public Optional<Duration> starvedFor() {
    synchronized (lock) {
      return revival.starvedFor(System.nanoTime());
    }
  }

  /** For tests and diagnostics: where offers and waiting work stand, read at one instant. */
  OfferState offerState() {
    synchronized (lock) {
      return new OfferState(
          book.queue.size(),
          dispatcher.holdsOffers(),
          revival.suppressed(),
          revival.watchdogRevivals());
    }
  }

  /** For tests and diagnostics: active tasks of the job whose agent attributes are known. */
  int placed(String job) {
    synchronized (lock) {
      return book.placedCount(job);
    }
  }

  // ---- events from the subscription thread ----

  private final class Events implements MesosSchedulerClient.Handler {

    @Override
    public boolean suppressOnSubscribe() {
      synchronized (lock) {
        return book.queue.isEmpty();
      }
    }

    @Override
    public void onSubscribed(String frameworkId) {
      synchronized (lock) {
        dispatcher.connectionChanged();
        // The subscription guessed; this sets the role's state outright, and a REVIVE clears
        // the refuse filters the previous stream left behind.
        revival.subscribed(!book.queue.isEmpty(), System.nanoTime());
        reconciler.subscribed();
      }
      // Off the event thread: the master's view of the agents, for tasks adopted on agents that
      // no offer has named yet.
      try {
        timer.execute(agentView::learnAgents);
      } catch (RejectedExecutionException e) {
        log.debug("Closing; not learning agents");
      }
    }

    @Override
    public void onEvent(Event event) {
      switch (event.getType()) {
        case OFFERS -> offers(event.getOffers().getOffersList());
        case INVERSE_OFFERS -> declineInverse(event.getInverseOffers().getInverseOffersList());
        case RESCIND -> {
          offerCounts.rescinded.increment();
          log.debug("Offer {} rescinded", event.getRescind().getOfferId().getValue());
          synchronized (lock) {
            dispatcher.rescinded(event.getRescind().getOfferId());
            dispatcher.settle();
          }
        }
        case RESCIND_INVERSE_OFFER ->
            log.debug(
                "Inverse offer {} rescinded",
                event.getRescindInverseOffer().getInverseOfferId().getValue());
        case UPDATE -> listener.onStatus(updates.update(event.getUpdate().getStatus()));
        case FAILURE -> failure(event.getFailure());
        case MESSAGE, UPDATE_OPERATION_STATUS, UNKNOWN ->
            log.debug("Ignoring Mesos {} event", event.getType());
        default -> log.debug("Unexpected Mesos {} event", event.getType());
      }
    }

    @Override
    public void onDisconnected(String why) {
      synchronized (lock) {
        dispatcher.connectionChanged();
      }
      log.info("Disconnected from Mesos ({}); tasks keep running until the failover timeout", why);
    }
  }

  private void offers(List<Protos.Offer> offers) {
    synchronized (lock) {
      for (Protos.Offer o : offers) {
        book.agents.put(
            o.getAgentId().getValue(),
            new TaskBook.Agent(AgentView.endpoint(o), AgentAttributes.of(o)));
      }
      dispatcher.offered(offers);
    }
  }

  /** Maintenance windows: Hydra's tasks are short, so it neither accepts nor plans around them. */
  private void declineInverse(List<Protos.InverseOffer> inverse) {
    if (inverse.isEmpty()) {
      return;
    }
    Call.DeclineInverseOffers.Builder d =
        Call.DeclineInverseOffers.newBuilder()
            .setFilters(
                Protos.Filters.newBuilder().setRefuseSeconds(config.refuseSeconds()).build());
    inverse.forEach(i -> d.addInverseOfferIds(i.getId()));
    offerCounts.inverseDeclined.add(inverse.size());
    calls.accept(
        Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS).setDeclineInverseOffers(d));
  }

  private void failure(Event.Failure f) {
    if (f.hasExecutorId()) {
      log.info(
          "Executor {} on agent {} ended with status {}",
          f.getExecutorId().getValue(),
          f.getAgentId().getValue(),
          f.getStatus());
      return;
    }
    // The agent is gone: its tasks get terminal updates of their own, its offers are rescinded.
    log.warn("Mesos agent {} was removed", f.getAgentId().getValue());
    synchronized (lock) {
      book.agents.remove(f.getAgentId().getValue());
      dispatcher.agentRemoved(f.getAgentId().getValue());
      dispatcher.settle();
    }
  }

  /** The watchdog: offers held too long are dispatched, starved work revives again. */
  private void watch() {
    try {
      synchronized (lock) {
        if (client.isSubscribed()) {
          dispatcher.watch();
        }
      }
    } catch (RuntimeException e) {
      log.warn("Mesos offer watchdog failed", e);
    }
  }

  /** {@code hydra.<job>.<epoch ms>.<attempt>}: job names may contain dots, the tail may not. */
  static String jobOf(String taskId) {
    String s = taskId.startsWith("hydra.") ? taskId.substring("hydra.".length()) : taskId;
    int last = s.lastIndexOf('.');
    int before = last > 0 ? s.lastIndexOf('.', last - 1) : -1;
    return before > 0 ? s.substring(0, before) : s;
  }
}
