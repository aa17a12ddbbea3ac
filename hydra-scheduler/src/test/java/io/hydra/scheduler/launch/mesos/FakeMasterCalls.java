package io.hydra.scheduler.launch.mesos;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The in-process master's scheduler endpoint: SUBSCRIBE and the calls on its stream. */
abstract class FakeMasterCalls extends FakeMasterState {

  // ---- the scheduler endpoint ----

  void scheduler(HttpExchange ex) throws IOException {
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
      String problem = receive(ex, call);
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
    }
  }

  /**
   * Checks the call against the subscription and, if it may be carried out, queues it on the
   * master's actor; returns why it may not, or null. Queued under the lock, so calls are carried
   * out in the order they were received.
   */
  String receive(HttpExchange ex, Call call) {
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
      try {
        actor.execute(
            () -> {
              synchronized (lock) {
                handle(call);
              }
              applied.add(call);
            });
      } catch (RejectedExecutionException e) {
        return "The master is shutting down";
      }
      return null;
    }
  }

  void subscribe(HttpExchange ex, Call call) throws IOException {
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
      offered.clear();
      // Agents retry unacknowledged updates, so a new connection sees them again.
      for (Task t : tasks.values()) {
        if (!t.unacknowledged.isEmpty()) {
          redeliver.add(t.unacknowledged.peekFirst());
        }
      }
      redeliver.forEach(u -> s.events.add(updateEvent(u)));
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
        // Its calls still in flight (an ACKNOWLEDGE sent as a crashing scheduler closed) race the
        // end as any other stream's do.
        endedStreams.add(s.id);
        if (stream == s) {
          stream = null;
        }
      }
    }
  }

  void handle(Call call) {
    switch (call.getType()) {
      case ACCEPT -> accept(call.getAccept());
      case DECLINE -> {
        // refuse_seconds defaults to 5 (mesos.proto Filters) when no filter is given.
        double refuse = call.getDecline().getFilters().getRefuseSeconds();
        call.getDecline().getOfferIdsList().forEach(o -> answered(o.getValue(), 0, 0, refuse));
      }
      case ACKNOWLEDGE -> acknowledge(call.getAcknowledge());
      case RECONCILE -> reconcile(call.getReconcile());
      case KILL -> kill(call.getKill());
      case SUPPRESS -> suppressed = true;
      case REVIVE -> {
        if (lostRevives > 0) {
          lostRevives--;
          return;
        }
        // Clears every filter and ends the suppression; offers follow at the next allocation.
        suppressed = false;
        filters.clear();
      }
      default -> {}
    }
  }

  void accept(Call.Accept accept) {
    boolean valid = rescindAccepts == 0;
    if (!valid) {
      rescindAccepts--;
    }
    double refuse = accept.getFilters().getRefuseSeconds();
    for (Protos.OfferID o : accept.getOfferIdsList()) {
      if (!offers.containsKey(o.getValue())) {
        valid = false;
      } else if (!valid) {
        offers.remove(o.getValue());
        offered.remove(o.getValue());
        emit(
            Event.newBuilder()
                .setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(o))
                .build());
      }
    }
    double usedCpus = 0;
    double usedMem = 0;
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
        usedCpus += scalar(info, OfferResources.CPUS);
        usedMem += scalar(info, OfferResources.MEM);
        agentUpdate(t, TaskState.TASK_RUNNING, null, null);
      }
    }
    if (valid) {
      // The unused part of the offers comes back with the ACCEPT's filter.
      for (Protos.OfferID o : accept.getOfferIdsList()) {
        answered(o.getValue(), usedCpus, usedMem, refuse);
        usedCpus = 0;
        usedMem = 0;
      }
    }
  }

  /** The offer is answered: gone, and what was left of it refused for {@code seconds}. */
  void answered(String offerId, double usedCpus, double usedMem, double seconds) {
    String agent = offers.remove(offerId);
    double[] size = offered.remove(offerId);
    if (agent != null && size != null) {
      filters.refuse(agent, size[0] - usedCpus, size[1] - usedMem, seconds, System.nanoTime());
    }
  }

  void acknowledge(Call.Acknowledge ack) {
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

  void reconcile(Call.Reconcile r) {
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

  Protos.TaskStatus reconciliation(Task t) {
    return status(
        t,
        t.state,
        Protos.TaskStatus.Reason.REASON_RECONCILIATION,
        "Reconciliation: Latest task state",
        Protos.TaskStatus.Source.SOURCE_MASTER,
        false);
  }

  void kill(Call.Kill kill) {
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

  static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
