package io.hydra.scheduler.launch.mesos;

import io.hydra.core.job.TaskConstraint;
import io.hydra.core.run.TaskLocation;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Hydra tasks on Apache Mesos through the v1 scheduler HTTP API.
 *
 * <p>{@link #launch} only queues; tasks leave the queue when an offer fits them. The role is
 * suppressed while the queue is empty and revived when work arrives, so an idle Hydra costs the
 * allocator nothing. A task id that went out in an ACCEPT is never sent again, whatever happens to
 * the connection: its fate is learned through status updates and reconciliation.
 *
 * <p>Status updates reach the engine unacknowledged; the engine commits them and then calls {@link
 * #acknowledge}, which is when Mesos hears the ACKNOWLEDGE. Until then Mesos keeps redelivering, so
 * a crash between the two loses nothing.
 *
 * <p>All state is guarded by {@code lock}; the listener is never called while holding it.
 */
public final class MesosLauncher implements Launcher {

  private static final Logger log = LoggerFactory.getLogger(MesosLauncher.class);

  /** Finished tasks whose agent is remembered for {@link #openLog}. */
  private static final int REMEMBERED_AGENTS = 10_000;

  private final MesosConfig config;
  private final Clock clock;
  private final MesosSchedulerClient client;
  private final SandboxLogs logs;
  private final MasterState masterState;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final OfferCounts offerCounts = new OfferCounts();

  private TaskStatusListener listener;
  private boolean started;

  /** Waiting for an offer, in arrival order. */
  private final LinkedHashMap<String, QueuedTask> queue = new LinkedHashMap<>();

  /** Task ids sent in an ACCEPT by this instance and not ended: never sent again. */
  private final Set<String> sent = new HashSet<>();

  /** Tasks believed not ended: launched here, or reported by the engine through reconcile. */
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();

  /** Per job, the agent attributes of its tracked tasks, for UNIQUE/CLUSTER/GROUP_BY/MAX_PER. */
  private final Map<String, Map<String, Map<String, String>>> placements = new HashMap<>();

  /** Agents seen in offers: their attributes and where their HTTP endpoints are. */
  private final Map<String, Agent> agents = new HashMap<>();

  /** Agent of every task seen lately, including ended ones, so their logs stay readable. */
  private final Map<String, String> taskAgents =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_AGENTS;
        }
      };

  /** Kills asked for and not yet confirmed: repeated after each resubscription. */
  private final Set<String> killRequested = new HashSet<>();

  /** Acknowledgements owed, released once the engine has committed the equal status. */
  private final Map<TaskStatus, Set<Ack>> pendingAcks = new HashMap<>();

  private boolean suppressed;

  /** Offers were declined (with a filter) since the last REVIVE, so new work must revive. */
  private boolean declinedSinceRevive;

  /** When the last explicit reconciliation was sent; tasks not heard of since are unanswered. */
  private long reconcileStartedNanos;

  private record Tracked(String job, String agentId, long lastUpdateNanos) {}

  private record Agent(URI endpoint, Map<String, String> attributes) {}

  private record Ack(Protos.AgentID agent, Protos.TaskID task, ByteString uuid) {}

  public MesosLauncher(MesosConfig config, FrameworkIdStore frameworkIds) {
    this(config, frameworkIds, Clock.system());
  }

  public MesosLauncher(MesosConfig config, FrameworkIdStore frameworkIds, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.client = new MesosSchedulerClient(config, frameworkIds, new Events());
    JsonEndpoints endpoints =
        new JsonEndpoints(client.http(), client.authorization(), config.requestTimeout());
    this.logs = new SandboxLogs(endpoints);
    this.masterState = new MasterState(endpoints);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            MesosSchedulerClient.daemon("hydra-mesos-reconcile"));
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
    log.info("Starting Mesos launcher: {}", config);
    client.start();
    long period = config.reconcileInterval().toMillis();
    timer.scheduleWithFixedDelay(this::periodicReconcile, period, period, TimeUnit.MILLISECONDS);
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
    boolean revive;
    synchronized (lock) {
      String id = request.taskId();
      if (sent.contains(id) || queue.containsKey(id) || tracked.containsKey(id)) {
        log.warn("Task {} was already launched; not launching it again", id);
        return;
      }
      queue.put(id, new QueuedTask(request, parsed));
      revive = suppressed || declinedSinceRevive || queue.size() == 1;
      if (revive) {
        suppressed = false;
        declinedSinceRevive = false;
      }
    }
    log.debug("Queued task {} for a Mesos offer", request.taskId());
    if (revive) {
      client.send(
          Call.newBuilder()
              .setType(Call.Type.REVIVE)
              .setRevive(Call.Revive.newBuilder().addRoles(config.role())));
    }
  }

  @Override
  public void kill(String taskId) {
    TaskStatus notStarted = null;
    Tracked t;
    synchronized (lock) {
      if (queue.remove(taskId) != null) {
        // Never offered to Mesos: it ends here.
        notStarted =
            new TaskStatus(
                taskId, TaskState.KILLED, null, "killed before Mesos launched it", clock.now());
        suppressIfIdle();
        t = null;
      } else {
        killRequested.add(taskId);
        t = tracked.get(taskId);
      }
    }
    if (notStarted != null) {
      listener.onStatus(notStarted);
      return;
    }
    sendKill(taskId, t == null ? null : t.agentId());
  }

  private void sendKill(String taskId, String agentId) {
    Call.Kill.Builder k =
        Call.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      k.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    client.send(Call.newBuilder().setType(Call.Type.KILL).setKill(k));
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    List<TaskStatus> neverStarted = new ArrayList<>();
    List<Call.Reconcile.Task> ask = new ArrayList<>();
    synchronized (lock) {
      for (KnownTask k : tasks) {
        if (queue.remove(k.taskId()) != null) {
          // Still waiting for an offer, so certainly not running: end it here instead.
          neverStarted.add(
              new TaskStatus(
                  k.taskId(),
                  TaskState.NOT_STARTED,
                  null,
                  "still queued for a Mesos offer",
                  clock.now()));
          continue;
        }
        Tracked t =
            tracked.computeIfAbsent(
                k.taskId(), id -> new Tracked(jobOf(id), taskAgents.get(id), 0));
        ask.add(reconcileTask(k.taskId(), t.agentId()));
      }
      if (!neverStarted.isEmpty()) {
        suppressIfIdle();
      }
    }
    neverStarted.forEach(listener::onStatus);
    if (!ask.isEmpty() && client.isSubscribed()) {
      sendReconcile(ask);
    }
  }

  @Override
  public void acknowledge(TaskStatus status) {
    Set<Ack> acks;
    synchronized (lock) {
      acks = pendingAcks.remove(status);
    }
    if (acks == null) {
      return; // no uuid (e.g. a reconciliation answer), or acknowledged already
    }
    for (Ack a : acks) {
      client.send(
          Call.newBuilder()
              .setType(Call.Type.ACKNOWLEDGE)
              .setAcknowledge(
                  Call.Acknowledge.newBuilder()
                      .setAgentId(a.agent())
                      .setTaskId(a.task())
                      .setUuid(a.uuid())));
    }
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    String agentId;
    URI endpoint;
    synchronized (lock) {
      agentId = taskAgents.get(taskId);
      Agent agent = agentId == null ? null : agents.get(agentId);
      endpoint = agent == null ? null : agent.endpoint();
    }
    String frameworkId = client.frameworkId();
    if (frameworkId == null) {
      return Optional.empty();
    }
    // After a restart this process may know neither the task's agent nor where that agent is;
    // the master knows both.
    if (agentId == null) {
      agentId = masterState.agentOfTask(client.leader(), frameworkId, taskId).orElse(null);
    }
    if (agentId != null && endpoint == null) {
      endpoint =
          masterState.agents(client.leader(), agentId).stream()
              .findFirst()
              .map(MasterState.KnownAgent::endpoint)
              .orElse(null);
    }
    if (endpoint == null) {
      log.debug("Agent of task {} unknown; no log", taskId);
      return Optional.empty();
    }
    return logs.open(endpoint, frameworkId, taskId, stream);
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

  /** For tests and diagnostics: tasks waiting for an offer. */
  int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** For tests and diagnostics: active tasks of the job whose agent attributes are known. */
  int placed(String job) {
    synchronized (lock) {
      return placements.getOrDefault(job, Map.of()).size();
    }
  }

  // ---- events from the subscription thread ----

  private final class Events implements MesosSchedulerClient.Handler {

    @Override
    public boolean suppressOnSubscribe() {
      synchronized (lock) {
        return queue.isEmpty();
      }
    }

    @Override
    public void onSubscribed(String frameworkId) {
      List<Call.Reconcile.Task> ask = new ArrayList<>();
      List<String[]> kills = new ArrayList<>();
      boolean idle;
      synchronized (lock) {
        idle = queue.isEmpty();
        suppressed = idle;
        declinedSinceRevive = false;
        reconcileStartedNanos = System.nanoTime();
        tracked.forEach((id, t) -> ask.add(reconcileTask(id, t.agentId())));
        for (String id : killRequested) {
          Tracked t = tracked.get(id);
          kills.add(new String[] {id, t == null ? null : t.agentId()});
        }
      }
      // The subscription asked for the suppression already; a REVIVE clears the refuse filters
      // the previous stream left behind, so queued work gets offers at once.
      if (!idle) {
        client.send(
            Call.newBuilder()
                .setType(Call.Type.REVIVE)
                .setRevive(Call.Revive.newBuilder().addRoles(config.role())));
      }
      if (!ask.isEmpty()) {
        log.info("Reconciling {} tasks after subscribing", ask.size());
        sendReconcile(ask);
      }
      kills.forEach(k -> sendKill(k[0], k[1]));
      // Off the event thread: the master's view of the agents, for tasks adopted on agents that
      // no offer has named yet.
      try {
        timer.execute(MesosLauncher.this::learnAgents);
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
        }
        case RESCIND_INVERSE_OFFER ->
            log.debug(
                "Inverse offer {} rescinded",
                event.getRescindInverseOffer().getInverseOfferId().getValue());
        case UPDATE -> update(event.getUpdate().getStatus());
        case FAILURE -> failure(event.getFailure());
        case MESSAGE, UPDATE_OPERATION_STATUS, UNKNOWN ->
            log.debug("Ignoring Mesos {} event", event.getType());
        default -> log.debug("Unexpected Mesos {} event", event.getType());
      }
    }

    @Override
    public void onDisconnected(String why) {
      log.info("Disconnected from Mesos ({}); tasks keep running until the failover timeout", why);
    }
  }

  /**
   * Offers are answered at once, never held: what fits is launched, the rest declined with a
   * filter. An offer rescinded meanwhile makes the master answer the launch with TASK_LOST or
   * TASK_DROPPED, which ends the attempt as lost (and the engine's retry policy decides).
   */
  private void offers(List<Protos.Offer> offers) {
    List<Call.Builder> calls = new ArrayList<>();
    List<Protos.OfferID> declined = new ArrayList<>();
    boolean suppress;
    synchronized (lock) {
      for (Protos.Offer o : offers) {
        agents.put(o.getAgentId().getValue(), new Agent(endpoint(o), AgentAttributes.of(o)));
      }
      Map<Protos.OfferID, List<OfferMatcher.Placement>> matched =
          OfferMatcher.match(
              offers, queue.values(), job -> placements.getOrDefault(job, Map.of()).values());
      for (Protos.Offer o : offers) {
        List<OfferMatcher.Placement> placed = matched.get(o.getId());
        if (placed == null) {
          declined.add(o.getId());
          continue;
        }
        Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
        for (OfferMatcher.Placement p : placed) {
          LaunchRequest r = p.task().request();
          launch.addTaskInfos(MesosTasks.taskInfo(r, o.getAgentId(), p.resources()));
          queue.remove(r.taskId());
          sent.add(r.taskId());
          String agentId = o.getAgentId().getValue();
          tracked.put(r.taskId(), new Tracked(r.job(), agentId, System.nanoTime()));
          taskAgents.put(r.taskId(), agentId);
          placements
              .computeIfAbsent(r.job(), j -> new HashMap<>())
              .put(r.taskId(), AgentAttributes.of(o));
          log.info("Launching task {} on agent {} ({})", r.taskId(), agentId, o.getHostname());
        }
        calls.add(
            Call.newBuilder()
                .setType(Call.Type.ACCEPT)
                .setAccept(
                    Call.Accept.newBuilder()
                        .addOfferIds(o.getId())
                        .addOperations(
                            Protos.Offer.Operation.newBuilder()
                                .setType(Protos.Offer.Operation.Type.LAUNCH)
                                .setLaunch(launch))
                        .setFilters(filters())));
      }
      if (!offers.isEmpty()) {
        // Accepted offers carry the filter too (for their unused part), so new work must revive.
        declinedSinceRevive = true;
      }
      suppress = queue.isEmpty() && !suppressed;
      if (suppress) {
        suppressed = true;
      }
    }
    offerCounts.received.add(offers.size());
    offerCounts.accepted.add(calls.size());
    offerCounts.declined.add(declined.size());
    calls.forEach(client::send);
    if (!declined.isEmpty()) {
      client.send(
          Call.newBuilder()
              .setType(Call.Type.DECLINE)
              .setDecline(
                  Call.Decline.newBuilder().addAllOfferIds(declined).setFilters(filters())));
    }
    if (suppress) {
      sendSuppress();
    }
  }

  private Protos.Filters filters() {
    return Protos.Filters.newBuilder().setRefuseSeconds(config.refuseSeconds()).build();
  }

  /** Maintenance windows: Hydra's tasks are short, so it neither accepts nor plans around them. */
  private void declineInverse(List<Protos.InverseOffer> inverse) {
    if (inverse.isEmpty()) {
      return;
    }
    Call.DeclineInverseOffers.Builder d =
        Call.DeclineInverseOffers.newBuilder().setFilters(filters());
    inverse.forEach(i -> d.addInverseOfferIds(i.getId()));
    offerCounts.inverseDeclined.add(inverse.size());
    client.send(
        Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS).setDeclineInverseOffers(d));
  }

  private void update(Protos.TaskStatus s) {
    TaskStatus reported = MesosStatuses.toHydra(s, clock.now());
    String id = s.getTaskId().getValue();
    TaskStatus status;
    synchronized (lock) {
      status = withAgent(reported, s);
      if (s.hasUuid() && s.hasAgentId()) {
        pendingAcks
            .computeIfAbsent(status, k -> new LinkedHashSet<>())
            .add(new Ack(s.getAgentId(), s.getTaskId(), s.getUuid()));
      }
      String agentId = s.hasAgentId() ? s.getAgentId().getValue() : null;
      if (agentId != null) {
        taskAgents.put(id, agentId);
      }
      Tracked t = tracked.get(id);
      if (status.state().isTerminal()) {
        if (t != null) {
          tracked.remove(id);
          Map<String, Map<String, String>> jobPlacements = placements.get(t.job());
          if (jobPlacements != null) {
            jobPlacements.remove(id);
            if (jobPlacements.isEmpty()) {
              placements.remove(t.job());
            }
          }
        }
        killRequested.remove(id);
        // The engine never launches an ended attempt's task id again; forgetting it keeps the
        // set as small as the number of active tasks.
        sent.remove(id);
      } else {
        // A task learned of only through an update (e.g. implicit reconciliation after a
        // restart) is tracked from now on, so later reconciliations ask about it too.
        String job = t != null ? t.job() : jobOf(id);
        String agent = agentId != null ? agentId : t != null ? t.agentId() : null;
        tracked.put(id, new Tracked(job, agent, System.nanoTime()));
        Agent a = agent == null ? null : agents.get(agent);
        if (a != null) {
          placements.computeIfAbsent(job, j -> new HashMap<>()).put(id, a.attributes());
        }
      }
    }
    log.debug("Task {} is {} ({})", id, s.getState(), status.message());
    listener.onStatus(status);
  }

  /**
   * The status with the task's agent as its location, which the engine records with the attempt:
   * the agent is known only once the task was placed, after the attempt was written. Under {@code
   * lock}.
   */
  private TaskStatus withAgent(TaskStatus status, Protos.TaskStatus s) {
    if (!s.hasAgentId() || s.getAgentId().getValue().isEmpty()) {
      return status;
    }
    String agentId = s.getAgentId().getValue();
    Agent agent = agents.get(agentId);
    String host = agent == null || agent.endpoint() == null ? null : agent.endpoint().getHost();
    return new TaskStatus(
        status.taskId(),
        status.state(),
        status.exitCode(),
        status.message(),
        status.at(),
        TaskLocation.mesosAgent(agentId, host));
  }

  /**
   * Learns every agent from the master, and places the tracked tasks on agents that were unknown
   * until now, so constraints such as UNIQUE count them.
   */
  private void learnAgents() {
    try {
      List<MasterState.KnownAgent> known = masterState.agents(client.leader(), null);
      synchronized (lock) {
        for (MasterState.KnownAgent a : known) {
          agents.putIfAbsent(a.id(), new Agent(a.endpoint(), a.attributes()));
        }
        tracked.forEach(
            (id, t) -> {
              Agent a = t.agentId() == null ? null : agents.get(t.agentId());
              if (a != null) {
                placements
                    .computeIfAbsent(t.job(), j -> new HashMap<>())
                    .putIfAbsent(id, a.attributes());
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("Cannot learn the Mesos agents", e);
    }
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
      agents.remove(f.getAgentId().getValue());
    }
  }

  /**
   * Repeats explicit reconciliation for tasks the master has not answered for since the last one
   * (it stays silent while agents reregister after a master failover), then asks for everything it
   * knows (implicit reconciliation), which catches updates lost in transit.
   */
  private void periodicReconcile() {
    try {
      if (!client.isSubscribed()) {
        return;
      }
      List<Call.Reconcile.Task> ask = new ArrayList<>();
      synchronized (lock) {
        long since = reconcileStartedNanos;
        tracked.forEach(
            (id, t) -> {
              if (t.lastUpdateNanos() - since < 0) {
                ask.add(reconcileTask(id, t.agentId()));
              }
            });
        reconcileStartedNanos = System.nanoTime();
      }
      if (!ask.isEmpty()) {
        sendReconcile(ask);
      }
      client.send(
          Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()));
    } catch (RuntimeException e) {
      log.warn("Periodic Mesos reconciliation failed", e);
    }
  }

  private void sendReconcile(List<Call.Reconcile.Task> tasks) {
    client.send(
        Call.newBuilder()
            .setType(Call.Type.RECONCILE)
            .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)));
  }

  private static Call.Reconcile.Task reconcileTask(String taskId, String agentId) {
    Call.Reconcile.Task.Builder t =
        Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      t.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    return t.build();
  }

  /** Call with the lock held; the SUPPRESS itself goes out asynchronously. */
  private void suppressIfIdle() {
    if (queue.isEmpty() && !suppressed) {
      suppressed = true;
      sendSuppress();
    }
  }

  private void sendSuppress() {
    client.send(
        Call.newBuilder()
            .setType(Call.Type.SUPPRESS)
            .setSuppress(Call.Suppress.newBuilder().addRoles(config.role())));
  }

  private static URI endpoint(Protos.Offer o) {
    if (!o.hasUrl()) {
      return URI.create("http://" + o.getHostname() + ":5051");
    }
    Protos.URL url = o.getUrl();
    Protos.Address a = url.getAddress();
    String host = a.hasIp() && !a.getIp().isEmpty() ? a.getIp() : a.getHostname();
    return URI.create(url.getScheme() + "://" + host + ":" + a.getPort());
  }

  /** {@code hydra.<job>.<epoch ms>.<attempt>}: job names may contain dots, the tail may not. */
  static String jobOf(String taskId) {
    String s = taskId.startsWith("hydra.") ? taskId.substring("hydra.".length()) : taskId;
    int last = s.lastIndexOf('.');
    int before = last > 0 ? s.lastIndexOf('.', last - 1) : -1;
    return before > 0 ? s.substring(0, before) : s;
  }
}
