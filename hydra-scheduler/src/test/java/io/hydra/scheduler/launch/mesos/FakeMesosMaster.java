package io.hydra.scheduler.launch.mesos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
final class FakeMesosMaster extends FakeMasterCalls implements AutoCloseable {

  private final HttpServer server;
  private final ScheduledExecutorService allocator =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fake-mesos-allocator");
            t.setDaemon(true);
            return t;
          });
  private volatile Duration allocationInterval = Duration.ofSeconds(1);

  /** The coming allocation; replaced when the interval changes. Guarded by lock. */
  private ScheduledFuture<?> nextTick;

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-mesos-master");
            t.setDaemon(true);
            return t;
          });

  FakeMesosMaster() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Mesos master", e);
    }
    server.setExecutor(executor);
    server.createContext("/api/v1/scheduler", this::scheduler);
    FakeMasterEndpoints endpoints = new FakeMasterEndpoints(this);
    server.createContext("/state", endpoints::agentState);
    server.createContext("/files/read", endpoints::filesRead);
    server.createContext("/master/tasks", endpoints::masterTasks);
    server.createContext("/master/slaves", endpoints::masterAgents);
    server.start();
    nextTick = allocator.schedule(this::allocationTick, 1000, TimeUnit.MILLISECONDS);
  }

  @Override
  int port() {
    return server.getAddress().getPort();
  }

  /**
   * Like the master's allocator: offers on every allocation interval, not in answer to calls. A
   * REVIVE or a new subscription waits for the next one, so a SUPPRESS that follows a REVIVE before
   * it can hide it, as on a real master.
   */
  private void allocationTick() {
    synchronized (lock) {
      if (autoOffer) {
        offerLocked(false);
      }
    }
    try {
      allocator.schedule(
          this::allocationTick, allocationInterval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  /** The master's {@code --allocation_interval}; 1 s by default, as on a real master. */
  FakeMesosMaster allocationInterval(Duration interval) {
    synchronized (lock) {
      allocationInterval = interval;
      nextTick.cancel(false);
      nextTick =
          allocator.schedule(this::allocationTick, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The next n REVIVEs are answered 202 and then forgotten, as a lost call would be. */
  void loseRevives(int n) {
    synchronized (lock) {
      lostRevives = n;
    }
  }

  /** Whether an answered offer's leftover is refused to the framework now. */
  boolean filtered(String agentId, double cpus, double mem) {
    synchronized (lock) {
      return filters.refuses(agentId, cpus, mem, System.nanoTime());
    }
  }

  /** The offers made and not yet answered, rescinded or gone with their connection. */
  List<String> outstandingOffers() {
    synchronized (lock) {
      return List.copyOf(offers.keySet());
    }
  }

  /** The agents' ids. */
  List<String> agentIds() {
    synchronized (lock) {
      return List.copyOf(agents.keySet());
    }
  }

  /** Runs one allocation now, honouring suppression and filters (for deterministic tests). */
  List<String> allocate() {
    synchronized (lock) {
      return offerLocked(false);
    }
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

  /** Whether the allocator makes offers on its interval (off: only {@link #allocate}). */
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

  /**
   * Rescinds the offer. Sent even when the framework has declined it already, as a real master may:
   * the decline and the rescind can cross, and the framework must take a rescind of an offer it no
   * longer holds in its stride. (Sending it only for an outstanding offer made a test that rescinds
   * at once race the launcher's decline of the unused offer.)
   */
  void rescind(String offerId) {
    synchronized (lock) {
      offered.remove(offerId);
      offers.remove(offerId);
      emit(
          Event.newBuilder()
              .setType(Event.Type.RESCIND)
              .setRescind(
                  Event.Rescind.newBuilder()
                      .setOfferId(Protos.OfferID.newBuilder().setValue(offerId)))
              .build());
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

  /** How many calls of {@code type} this master has carried out (not just answered). */
  long applied(Call.Type type) {
    return applied.stream().filter(c -> c.getType() == type).count();
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

  @Override
  public void close() {
    allocator.shutdownNow();
    dropConnection();
    server.stop(0);
    executor.shutdownNow();
    actor.shutdownNow();
  }
}
