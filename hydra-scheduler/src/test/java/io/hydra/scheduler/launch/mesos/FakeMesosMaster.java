package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * An in-process Mesos master (and agent) speaking the v1 scheduler HTTP API as a real one does:
 * protobuf calls, a RecordIO event stream with a {@code Mesos-Stream-Id}, heartbeats, offers from
 * its agents, status updates that the agent resends until they are acknowledged (one at a time per
 * task, like the agent's status update manager), answers to explicit and implicit reconciliation,
 * and the agent's {@code /state} and {@code /files/read} for sandbox logs.
 *
 * <p>Faults are injected by the test: dropped connection, silent heartbeats, rescinded offers, lost
 * and unreachable agents, duplicate updates, redirects to another master.
 *
 * <p>Calls that break the protocol (wrong content type, missing or stale stream id, wrong framework
 * id) are answered like a real master does and recorded in {@link #violations()}.
 */
final class FakeMesosMaster implements AutoCloseable {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One agent: its resources, attributes and the tasks it runs. */
  static final class Agent {
    final String id;
    final String hostname;
    final Map<String, String> attributes;
    final double cpus;
    final double mem;

    Agent(String id, String hostname, Map<String, String> attributes, double cpus, double mem) {
      this.id = id;
      this.hostname = hostname;
      this.attributes = attributes;
      this.cpus = cpus;
      this.mem = mem;
    }
  }

  /** A task the master knows, with the updates its agent still has to get acknowledged. */
  static final class Task {
    final Protos.TaskInfo info;
    final String agentId;
    TaskState state = TaskState.TASK_STAGING;
    final Deque<Protos.TaskStatus> unacknowledged = new ArrayDeque<>();

    Task(Protos.TaskInfo info, String agentId) {
      this.info = info;
      this.agentId = agentId;
    }

    boolean terminal() {
      return switch (state) {
        case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_UNREACHABLE -> false;
        default -> true;
      };
    }
  }

  /** The open event stream of the subscribed scheduler. */
  private static final class Stream {
    final String id = UUID.randomUUID().toString();
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean closed;
  }

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-mesos-master");
            t.setDaemon(true);
            return t;
          });
  private final Object lock = new Object();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  /** Streams this master ended itself (dropped, failed over): late calls on them are races. */
  private final java.util.Set<String> endedStreams =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final List<String> frameworkIdsAtSubscribe = new CopyOnWriteArrayList<>();
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, String> offers = new HashMap<>(); // offer id -> agent id
  private final Map<String, Map<String, String>> sandboxes = new HashMap<>();
  private Stream stream;
  private String frameworkId;
  private boolean suppressed;
  private volatile URI redirectTo;
  // Long enough that a loaded CI machine does not miss three in a row (the watchdog reconnects).
  private volatile double heartbeatSeconds = 1.0;
  private volatile boolean heartbeats = true;
  private volatile boolean duplicateUpdates;

  /** How many coming ACCEPTs find their offers rescinded meanwhile. */
  private int rescindAccepts;

  private volatile boolean autoOffer = true;

  /** Updates an agent sends by itself after RUNNING is acknowledged, e.g. TASK_FINISHED. */
  private volatile TaskState finishWith;

  private volatile String requiredAuthorization;
  private volatile Consumer<Protos.TaskStatus> onAcknowledge = s -> {};

  FakeMesosMaster() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Mesos master", e);
    }
    server.setExecutor(executor);
    server.createContext("/api/v1/scheduler", this::scheduler);
    server.createContext("/state", this::agentState);
    server.createContext("/files/read", this::filesRead);
    server.createContext("/master/tasks", this::masterTasks);
    server.createContext("/master/slaves", this::masterAgents);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  // ---- test controls ----

  FakeMesosMaster agent(
      String id, String hostname, Map<String, String> attributes, double cpus, double mem) {
    synchronized (lock) {
      agents.put(id, new Agent(id, hostname, Map.copyOf(attributes), cpus, mem));
    }
    return this;
  }

  /** Every call answered with a redirect to {@code leader} (this master is not the leader). */
  void redirectTo(URI leader) {
    this.redirectTo = leader;
  }

  void heartbeats(boolean on) {
    heartbeats = on;
  }

  void heartbeatSeconds(double seconds) {
    heartbeatSeconds = seconds;
  }

  void duplicateUpdates(boolean on) {
    duplicateUpdates = on;
  }

  /** The next n ACCEPTs find their offers rescinded meanwhile (the race a real master has). */
  void rescindNextAccepts(int n) {
    synchronized (lock) {
      rescindAccepts = n;
    }
  }

  /** Whether to offer free agents on SUBSCRIBE and REVIVE (like the allocator would). */
  void autoOffer(boolean on) {
    autoOffer = on;
  }

  /** Tasks end by themselves with this state once RUNNING is acknowledged; null to hold them. */
  void finishWith(TaskState state) {
    finishWith = state;
  }

  /** Called (before the master applies it) with the update each ACKNOWLEDGE refers to. */
  void onAcknowledge(Consumer<Protos.TaskStatus> hook) {
    onAcknowledge = hook;
  }

  void requireAuthorization(String header) {
    requiredAuthorization = header;
  }

  void sandbox(String taskId, String file, String content) {
    synchronized (lock) {
      sandboxes.computeIfAbsent(taskId, k -> new HashMap<>()).put(file, content);
    }
  }

  /** Closes the event stream as a network failure would. */
  void dropConnection() {
    synchronized (lock) {
      if (stream != null) {
        stream.closed = true;
        endedStreams.add(stream.id);
        stream = null;
      }
    }
  }

  /** Sends one offer per agent with free resources; returns the offer ids. */
  List<String> offerAll() {
    synchronized (lock) {
      return offerLocked(true);
    }
  }

  void rescind(String offerId) {
    synchronized (lock) {
      if (offers.remove(offerId) != null) {
        emit(
            Event.newBuilder()
                .setType(Event.Type.RESCIND)
                .setRescind(
                    Event.Rescind.newBuilder()
                        .setOfferId(Protos.OfferID.newBuilder().setValue(offerId)))
                .build());
      }
    }
  }

  void inverseOffer(String agentId) {
    synchronized (lock) {
      emit(
          Event.newBuilder()
              .setType(Event.Type.INVERSE_OFFERS)
              .setInverseOffers(
                  Event.InverseOffers.newBuilder()
                      .addInverseOffers(
                          Protos.InverseOffer.newBuilder()
                              .setId(
                                  Protos.OfferID.newBuilder()
                                      .setValue("inverse-" + ids.incrementAndGet()))
                              .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                              .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                              .setUnavailability(
                                  Protos.Unavailability.newBuilder()
                                      .setStart(Protos.TimeInfo.newBuilder().setNanoseconds(0)))))
              .build());
    }
  }

  void error(String message) {
    synchronized (lock) {
      emit(
          Event.newBuilder()
              .setType(Event.Type.ERROR)
              .setError(Event.Error.newBuilder().setMessage(message))
              .build());
    }
  }

  /** The agent reports a new state for the task (needing acknowledgement). */
  void update(String taskId, TaskState state, String message) {
    synchronized (lock) {
      Task t = tasks.get(taskId);
      if (t == null) {
        throw new IllegalArgumentException("no task " + taskId);
      }
      agentUpdate(t, state, null, message);
    }
  }

  /**
   * The agent is removed (lost): its tasks become TASK_LOST (or TASK_UNREACHABLE for {@code
   * unreachable}), then a FAILURE event names the agent.
   */
  void removeAgent(String agentId, boolean unreachable) {
    synchronized (lock) {
      for (Task t : tasks.values()) {
        if (t.agentId.equals(agentId) && !t.terminal()) {
          t.unacknowledged.clear(); // the agent is gone; only the master's word remains
          Protos.TaskStatus s =
              status(
                  t,
                  unreachable ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST,
                  Protos.TaskStatus.Reason.REASON_AGENT_REMOVED,
                  "agent " + agentId + (unreachable ? " is unreachable" : " was removed"),
                  Protos.TaskStatus.Source.SOURCE_MASTER,
                  true);
          t.state = s.getState();
          queueUpdate(t, s);
        }
      }
      agents.remove(agentId);
      offers.values().removeIf(agentId::equals);
      emit(
          Event.newBuilder()
              .setType(Event.Type.FAILURE)
              .setFailure(
                  Event.Failure.newBuilder()
                      .setAgentId(Protos.AgentID.newBuilder().setValue(agentId)))
              .build());
    }
  }

  /** Forgets every task, as a master that failed over before agents reregistered might. */
  void forgetTask(String taskId) {
    synchronized (lock) {
      tasks.remove(taskId);
    }
  }

  // ---- observations ----

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(Call.Type type) {
    return calls.stream().filter(c -> c.getType() == type).toList();
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The framework id each SUBSCRIBE carried (empty string for none). */
  List<String> subscriptions() {
    return List.copyOf(frameworkIdsAtSubscribe);
  }

  boolean subscribed() {
    synchronized (lock) {
      return stream != null;
    }
  }

  String frameworkId() {
    synchronized (lock) {
      return frameworkId;
    }
  }

  /** How often each task id was launched through this master. */
  long launches(String taskId) {
    return calls(Call.Type.ACCEPT).stream()
        .flatMap(c -> c.getAccept().getOperationsList().stream())
        .flatMap(o -> o.getLaunch().getTaskInfosList().stream())
        .filter(t -> t.getTaskId().getValue().equals(taskId))
        .count();
  }

  Protos.TaskInfo task(String taskId) {
    synchronized (lock) {
      Task t = tasks.get(taskId);
      return t == null ? null : t.info;
    }
  }

  TaskState state(String taskId) {
    synchronized (lock) {
      Task t = tasks.get(taskId);
      return t == null ? null : t.state;
    }
  }

  /** Updates still waiting for their acknowledgement. */
  int unacknowledged() {
    synchronized (lock) {
      return tasks.values().stream().mapToInt(t -> t.unacknowledged.size()).sum();
    }
  }

  boolean suppressed() {
    synchronized (lock) {
      return suppressed;
    }
  }

  // ---- the scheduler endpoint ----

  private void scheduler(HttpExchange ex) throws IOException {
    try (ex) {
      URI leader = redirectTo;
      if (leader != null) {
        ex.getResponseHeaders()
            .add("Location", "//" + leader.getRawAuthority() + MasterAddress.SCHEDULER_PATH);
        ex.sendResponseHeaders(307, -1);
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "Expecting 'POST'");
        return;
      }
      String auth = requiredAuthorization;
      if (auth != null && !auth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, 401, "Unauthorized");
        return;
      }
      if (!PROTOBUF.equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
        violation("Content-Type " + ex.getRequestHeaders().getFirst("Content-Type"));
        reply(ex, 415, "Expecting 'Content-Type' of application/x-protobuf");
        return;
      }
      Call call = Call.parseFrom(ex.getRequestBody().readAllBytes());
      if (call.getType() == Call.Type.SUBSCRIBE) {
        subscribe(ex, call);
        return;
      }
      calls.add(call);
      String problem = check(ex, call);
      if (problem != null) {
        // A call on a stream this master just ended is a race a real scheduler cannot avoid
        // (it has not seen the disconnect yet); Mesos refuses it and the scheduler resubscribes.
        // Any other refused call is a protocol bug.
        boolean race = endedStreams.contains(ex.getRequestHeaders().getFirst("Mesos-Stream-Id"));
        if (!race) {
          violation(call.getType() + ": " + problem);
        }
        reply(ex, stream == null ? 403 : 400, problem);
        return;
      }
      ex.sendResponseHeaders(202, -1);
      synchronized (lock) {
        handle(call);
      }
    }
  }

  private String check(HttpExchange ex, Call call) {
    synchronized (lock) {
      String sid = ex.getRequestHeaders().getFirst("Mesos-Stream-Id");
      if (stream == null) {
        return "Framework is not subscribed";
      }
      if (!stream.id.equals(sid)) {
        return "The stream ID '"
            + sid
            + "' included in this request didn't match the stream ID"
            + " currently associated with framework ID "
            + frameworkId;
      }
      if (!call.getFrameworkId().getValue().equals(frameworkId)) {
        return "framework id " + call.getFrameworkId().getValue() + " is not " + frameworkId;
      }
      return null;
    }
  }

  private void subscribe(HttpExchange ex, Call call) throws IOException {
    Protos.FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
    String given = info.hasId() ? info.getId().getValue() : "";
    frameworkIdsAtSubscribe.add(given);
    if (!info.getCheckpoint() || !info.hasFailoverTimeout() || info.getUser().isEmpty()) {
      violation("SUBSCRIBE without checkpoint, failover timeout or user: " + info);
    }
    Stream s = new Stream();
    List<Protos.TaskStatus> redeliver = new ArrayList<>();
    synchronized (lock) {
      if (stream != null) {
        // Failover: the old connection hears about it and is closed, as a real master does.
        stream.events.add(
            Event.newBuilder()
                .setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("Framework failed over"))
                .build());
        stream.closed = true;
        endedStreams.add(stream.id);
      }
      frameworkId = given.isEmpty() ? "fw-" + UUID.randomUUID() : given;
      stream = s;
      suppressed = call.getSubscribe().getSuppressedRolesCount() > 0;
      s.events.add(
          Event.newBuilder()
              .setType(Event.Type.SUBSCRIBED)
              .setSubscribed(
                  Event.Subscribed.newBuilder()
                      .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                      .setHeartbeatIntervalSeconds(heartbeatSeconds))
              .build());
      offers.clear(); // offers die with the connection
      // Agents retry unacknowledged updates, so a new connection sees them again.
      for (Task t : tasks.values()) {
        if (!t.unacknowledged.isEmpty()) {
          redeliver.add(t.unacknowledged.peekFirst());
        }
      }
      redeliver.forEach(u -> s.events.add(updateEvent(u)));
      if (autoOffer && !suppressed) {
        offerLocked(false);
      }
    }
    ex.getResponseHeaders().add("Content-Type", PROTOBUF);
    ex.getResponseHeaders().add("Mesos-Stream-Id", s.id);
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      while (!s.closed) {
        Event e = s.events.poll((long) (heartbeatSeconds * 1000), TimeUnit.MILLISECONDS);
        if (e == null) {
          if (!heartbeats) {
            continue;
          }
          e = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        }
        out.write(RecordIo.encode(e.toByteArray()));
        out.flush();
      }
      // Deliver what was queued before the close (e.g. the failover ERROR), then hang up.
      for (Event e = s.events.poll(); e != null; e = s.events.poll()) {
        out.write(RecordIo.encode(e.toByteArray()));
      }
      out.flush();
    } catch (IOException | InterruptedException e) {
      // the scheduler hung up
    } finally {
      synchronized (lock) {
        s.closed = true;
        if (stream == s) {
          stream = null;
        }
      }
    }
  }

  private void handle(Call call) {
    switch (call.getType()) {
      case ACCEPT -> accept(call.getAccept());
      case DECLINE -> call.getDecline().getOfferIdsList().forEach(o -> offers.remove(o.getValue()));
      case ACKNOWLEDGE -> acknowledge(call.getAcknowledge());
      case RECONCILE -> reconcile(call.getReconcile());
      case KILL -> kill(call.getKill());
      case SUPPRESS -> suppressed = true;
      case REVIVE -> {
        suppressed = false;
        if (autoOffer) {
          offerLocked(false);
        }
      }
      default -> {}
    }
  }

  private void accept(Call.Accept accept) {
    boolean valid = rescindAccepts == 0;
    if (!valid) {
      rescindAccepts--;
    }
    for (Protos.OfferID o : accept.getOfferIdsList()) {
      if (offers.remove(o.getValue()) == null) {
        valid = false;
      } else if (!valid) {
        emit(
            Event.newBuilder()
                .setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(o))
                .build());
      }
    }
    for (Protos.Offer.Operation op : accept.getOperationsList()) {
      for (Protos.TaskInfo info : op.getLaunch().getTaskInfosList()) {
        if (!valid) {
          // As the master does for an ACCEPT of offers it no longer has: no uuid, no ack.
          Task ghost = new Task(info, info.getAgentId().getValue());
          emit(
              updateEvent(
                  status(
                      ghost,
                      TaskState.TASK_LOST,
                      Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
                      "Task launched with invalid offers",
                      Protos.TaskStatus.Source.SOURCE_MASTER,
                      false)));
          continue;
        }
        if (tasks.containsKey(info.getTaskId().getValue())) {
          violation("task " + info.getTaskId().getValue() + " launched twice");
        }
        Task t = new Task(info, info.getAgentId().getValue());
        tasks.put(info.getTaskId().getValue(), t);
        agentUpdate(t, TaskState.TASK_RUNNING, null, null);
      }
    }
  }

  private void acknowledge(Call.Acknowledge ack) {
    Task t = tasks.get(ack.getTaskId().getValue());
    if (t == null || t.unacknowledged.isEmpty()) {
      return;
    }
    if (!t.unacknowledged.peekFirst().getUuid().equals(ack.getUuid())) {
      return; // a late acknowledgement of a duplicate: the agent ignores it
    }
    onAcknowledge.accept(t.unacknowledged.peekFirst());
    t.unacknowledged.removeFirst();
    if (t.state == TaskState.TASK_RUNNING && t.unacknowledged.isEmpty() && finishWith != null) {
      agentUpdate(
          t,
          finishWith,
          null,
          finishWith == TaskState.TASK_FAILED
              ? "Command exited with status 3"
              : "Command exited with status 0");
    }
    if (!t.unacknowledged.isEmpty()) {
      emit(updateEvent(t.unacknowledged.peekFirst()));
    }
  }

  private void reconcile(Call.Reconcile r) {
    if (r.getTasksCount() == 0) {
      for (Task t : tasks.values()) {
        if (!t.terminal()) {
          emit(updateEvent(reconciliation(t)));
        }
      }
      return;
    }
    for (Call.Reconcile.Task rt : r.getTasksList()) {
      Task t = tasks.get(rt.getTaskId().getValue());
      if (t != null) {
        emit(updateEvent(reconciliation(t)));
      } else {
        emit(
            updateEvent(
                Protos.TaskStatus.newBuilder()
                    .setTaskId(rt.getTaskId())
                    .setState(TaskState.TASK_LOST)
                    .setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION)
                    .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
                    .setMessage("Reconciliation: Task is unknown")
                    .setTimestamp(now())
                    .build()));
      }
    }
  }

  private Protos.TaskStatus reconciliation(Task t) {
    return status(
        t,
        t.state,
        Protos.TaskStatus.Reason.REASON_RECONCILIATION,
        "Reconciliation: Latest task state",
        Protos.TaskStatus.Source.SOURCE_MASTER,
        false);
  }

  private void kill(Call.Kill kill) {
    Task t = tasks.get(kill.getTaskId().getValue());
    if (t == null) {
      emit(
          updateEvent(
              Protos.TaskStatus.newBuilder()
                  .setTaskId(kill.getTaskId())
                  .setState(TaskState.TASK_LOST)
                  .setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION)
                  .setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
                  .setMessage("Attempted to kill an unknown task")
                  .setTimestamp(now())
                  .build()));
      return;
    }
    if (!t.terminal()) {
      agentUpdate(t, TaskState.TASK_KILLED, null, "Command terminated with signal Killed");
    }
  }

  // ---- helpers (lock held) ----

  private List<String> offerLocked(boolean force) {
    List<String> out = new ArrayList<>();
    if (stream == null || (suppressed && !force)) {
      return out;
    }
    Event.Offers.Builder b = Event.Offers.newBuilder();
    for (Agent a : agents.values()) {
      if (offers.containsValue(a.id)) {
        continue; // its resources are outstanding already
      }
      double cpus = a.cpus;
      double mem = a.mem;
      for (Task t : tasks.values()) {
        if (t.agentId.equals(a.id) && !t.terminal()) {
          cpus -= scalar(t.info, OfferResources.CPUS);
          mem -= scalar(t.info, OfferResources.MEM);
        }
      }
      if (cpus < 0.01 || mem < 1) {
        continue;
      }
      String offerId = "offer-" + ids.incrementAndGet();
      offers.put(offerId, a.id);
      out.add(offerId);
      Protos.Offer.Builder o =
          Protos.Offer.newBuilder()
              .setId(Protos.OfferID.newBuilder().setValue(offerId))
              .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
              .setAgentId(Protos.AgentID.newBuilder().setValue(a.id))
              .setHostname(a.hostname)
              .setUrl(
                  Protos.URL
                      .newBuilder()
                      .setScheme("http")
                      .setPath("/slave(1)")
                      .setAddress(
                          Protos.Address.newBuilder()
                              .setHostname(a.hostname)
                              .setIp("127.0.0.1")
                              .setPort(server.getAddress().getPort())))
              .addResources(resource(OfferResources.CPUS, cpus))
              .addResources(resource(OfferResources.MEM, mem))
              .addResources(resource(OfferResources.DISK, 1000));
      a.attributes.forEach(
          (k, v) ->
              o.addAttributes(
                  Protos.Attribute.newBuilder()
                      .setName(k)
                      .setType(Protos.Value.Type.TEXT)
                      .setText(Protos.Value.Text.newBuilder().setValue(v))));
      b.addOffers(o);
    }
    if (b.getOffersCount() > 0) {
      emit(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(b).build());
    }
    return out;
  }

  private static Protos.Resource resource(String name, double value) {
    return Protos.Resource.newBuilder()
        .setName(name)
        .setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("*"))
        .build();
  }

  private static double scalar(Protos.TaskInfo info, String name) {
    return info.getResourcesList().stream()
        .filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue())
        .sum();
  }

  /** An update from the agent: queued behind unacknowledged ones, sent when it is first. */
  private void agentUpdate(
      Task t, TaskState state, Protos.TaskStatus.Reason reason, String message) {
    t.state = state;
    queueUpdate(
        t, status(t, state, reason, message, Protos.TaskStatus.Source.SOURCE_EXECUTOR, true));
  }

  private void queueUpdate(Task t, Protos.TaskStatus s) {
    t.unacknowledged.addLast(s);
    if (t.unacknowledged.size() == 1) {
      emit(updateEvent(s));
    }
  }

  private Protos.TaskStatus status(
      Task t,
      TaskState state,
      Protos.TaskStatus.Reason reason,
      String message,
      Protos.TaskStatus.Source source,
      boolean needsAck) {
    Protos.TaskStatus.Builder s =
        Protos.TaskStatus.newBuilder()
            .setTaskId(t.info.getTaskId())
            .setAgentId(Protos.AgentID.newBuilder().setValue(t.agentId))
            .setState(state)
            .setSource(source)
            .setTimestamp(now());
    if (reason != null) {
      s.setReason(reason);
    }
    if (message != null) {
      s.setMessage(message);
    }
    if (needsAck) {
      s.setUuid(ByteString.copyFromUtf8(UUID.randomUUID().toString()));
    }
    return s.build();
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static Event updateEvent(Protos.TaskStatus s) {
    return Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(s))
        .build();
  }

  private void emit(Event e) {
    Stream s = stream;
    if (s == null) {
      return; // nobody listening: offers and updates wait for the next subscription
    }
    s.events.add(e);
    if (duplicateUpdates && e.getType() == Event.Type.UPDATE) {
      s.events.add(e);
    }
  }

  private void violation(String what) {
    violations.add(what);
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  // ---- the agent's endpoints ----

  private void agentState(HttpExchange ex) throws IOException {
    try (ex) {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode frameworks = root.putArray("frameworks");
      synchronized (lock) {
        ObjectNode fw = frameworks.addObject().put("id", frameworkId);
        ArrayNode executors = fw.putArray("executors");
        for (Task t : tasks.values()) {
          ObjectNode e =
              executors
                  .addObject()
                  .put("id", t.info.getTaskId().getValue())
                  .put("directory", "/var/lib/mesos/sandbox/" + t.info.getTaskId().getValue());
          e.putArray("tasks").addObject().put("id", t.info.getTaskId().getValue());
        }
      }
      byte[] body = JSON.writeValueAsBytes(root);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private void masterTasks(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("tasks");
    synchronized (lock) {
      for (Task t : tasks.values()) {
        String id = t.info.getTaskId().getValue();
        if (!q.containsKey("task_id") || q.get("task_id").equals(id)) {
          list.addObject()
              .put("id", id)
              .put("slave_id", t.agentId)
              .put("framework_id", frameworkId)
              .put("state", t.state.name());
        }
      }
    }
    json(ex, root);
  }

  private void masterAgents(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("slaves");
    synchronized (lock) {
      for (Agent a : agents.values()) {
        if (!q.containsKey("slave_id") || q.get("slave_id").equals(a.id)) {
          ObjectNode agent =
              list.addObject()
                  .put("id", a.id)
                  .put("hostname", a.hostname)
                  .put("pid", "slave(1)@127.0.0.1:" + server.getAddress().getPort());
          ObjectNode attributes = agent.putObject("attributes");
          a.attributes.forEach(attributes::put);
        }
      }
    }
    json(ex, root);
  }

  private static void json(HttpExchange ex, ObjectNode root) throws IOException {
    try (ex) {
      byte[] body = JSON.writeValueAsBytes(root);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private void filesRead(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      String path = q.getOrDefault("path", "");
      String prefix = "/var/lib/mesos/sandbox/";
      String content = null;
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        synchronized (lock) {
          Map<String, String> files = slash < 0 ? null : sandboxes.get(rest.substring(0, slash));
          content = files == null ? null : files.get(rest.substring(slash + 1));
        }
      }
      if (content == null) {
        reply(ex, 404, "No such file or directory");
        return;
      }
      byte[] all = content.getBytes(StandardCharsets.UTF_8);
      int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
      int length = Integer.parseInt(q.getOrDefault("length", String.valueOf(all.length)));
      int from = Math.min(offset, all.length);
      int to = Math.min(all.length, from + length);
      ObjectNode root =
          JSON.createObjectNode()
              .put("data", new String(all, from, to - from, StandardCharsets.UTF_8))
              .put("offset", offset);
      byte[] body = JSON.writeValueAsBytes(root);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    dropConnection();
    server.stop(0);
    executor.shutdownNow();
  }
}
