package io.hydra.scheduler.launch.mesos;

import java.net.URI;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The state of the in-process Mesos master and the changes every part of it makes under its lock:
 * agents, tasks and their unacknowledged updates, the outstanding offers and the allocator that
 * makes them, and the subscribed event stream.
 */
abstract class FakeMasterState {

  static final String PROTOBUF = "application/x-protobuf";

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
  static final class Stream {
    final String id = UUID.randomUUID().toString();
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean closed;
  }

  final Object lock = new Object();
  final AtomicInteger ids = new AtomicInteger();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  /**
   * The calls on the stream this master has carried out, in order: a call is answered 202 without
   * waiting for it to be applied (as on a real master), so a test waits for its effect here.
   */
  final List<Call> applied = new CopyOnWriteArrayList<>();

  /**
   * The master's actor: it carries out accepted calls one at a time, in the order they were
   * received, while the HTTP threads answer 202 without waiting for it (a real master's libprocess
   * actor does the same). The HTTP threads once applied the calls themselves after their 202: the
   * scheduler's next call could then be applied before its predecessor, which was still on its way
   * from the 202 to the lock, and a SUPPRESS that the launcher sent before a REVIVE was applied
   * after it, leaving the master suppressed while work waited (MesosLauncherModelTest, under load).
   */
  final ExecutorService actor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fake-mesos-actor");
            t.setDaemon(true);
            return t;
          });

  final List<String> violations = new CopyOnWriteArrayList<>();

  /** Streams this master ended itself (dropped, failed over): late calls on them are races. */
  final java.util.Set<String> endedStreams = java.util.concurrent.ConcurrentHashMap.newKeySet();

  final List<String> frameworkIdsAtSubscribe = new CopyOnWriteArrayList<>();
  final Map<String, Agent> agents = new LinkedHashMap<>();
  final Map<String, Task> tasks = new LinkedHashMap<>();
  final Map<String, String> offers = new HashMap<>(); // offer id -> agent id
  final Map<String, Map<String, String>> sandboxes = new HashMap<>();
  Stream stream;
  String frameworkId;
  boolean suppressed;
  volatile URI redirectTo;
  // Long enough that a loaded CI machine does not miss three in a row (the watchdog reconnects).
  volatile double heartbeatSeconds = 1.0;
  volatile boolean heartbeats = true;
  volatile boolean duplicateUpdates;

  /** How many coming ACCEPTs find their offers rescinded meanwhile. */
  int rescindAccepts;

  volatile boolean autoOffer = true;

  /** Updates an agent sends by itself after RUNNING is acknowledged, e.g. TASK_FINISHED. */
  volatile TaskState finishWith;

  volatile String requiredAuthorization;

  volatile Consumer<Protos.TaskStatus> onAcknowledge = s -> {};

  /** Offer id to the cpus and memory it offered, for the filter its answer sets. */
  final Map<String, double[]> offered = new HashMap<>();

  final FakeFilters filters = new FakeFilters();

  /** How many coming REVIVEs are lost (accepted, never applied), to exercise the watchdog. */
  int lostRevives;

  /** The port agents' endpoints are served on (this same server). */
  abstract int port();

  // ---- the allocator (lock held) ----

  List<String> offerLocked(boolean force) {
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
      if (!force && filters.refuses(a.id, cpus, mem, System.nanoTime())) {
        continue;
      }
      String offerId = "offer-" + ids.incrementAndGet();
      offers.put(offerId, a.id);
      offered.put(offerId, new double[] {cpus, mem});
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
                              .setPort(port())))
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

  // ---- helpers (lock held) ----

  static Protos.Resource resource(String name, double value) {
    return Protos.Resource.newBuilder()
        .setName(name)
        .setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("*"))
        .build();
  }

  static double scalar(Protos.TaskInfo info, String name) {
    return info.getResourcesList().stream()
        .filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue())
        .sum();
  }

  /** An update from the agent: queued behind unacknowledged ones, sent when it is first. */
  void agentUpdate(Task t, TaskState state, Protos.TaskStatus.Reason reason, String message) {
    t.state = state;
    queueUpdate(
        t, status(t, state, reason, message, Protos.TaskStatus.Source.SOURCE_EXECUTOR, true));
  }

  void queueUpdate(Task t, Protos.TaskStatus s) {
    t.unacknowledged.addLast(s);
    if (t.unacknowledged.size() == 1) {
      emit(updateEvent(s));
    }
  }

  Protos.TaskStatus status(
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

  static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  static Event updateEvent(Protos.TaskStatus s) {
    return Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(s))
        .build();
  }

  void emit(Event e) {
    Stream s = stream;
    if (s == null) {
      return; // nobody listening: offers and updates wait for the next subscription
    }
    s.events.add(e);
    if (duplicateUpdates && e.getType() == Event.Type.UPDATE) {
      s.events.add(e);
    }
  }

  void violation(String what) {
    violations.add(what);
  }
}
