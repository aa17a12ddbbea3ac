package io.hydra.scheduler.launch.mesos;

import io.hydra.core.queue.FairShare;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Mesos launcher knows about its tasks and the agents they run on. Every task is in at
 * most one of three stages: queued (waiting for an offer), in flight (matched to an offer, its
 * sending being journaled) and sent (in an ACCEPT; never sent again). Not thread-safe: the launcher
 * guards it with its lock.
 */
final class TaskBook {

  /** Finished tasks whose agent is remembered for logs. */
  private static final int REMEMBERED_AGENTS = 10_000;

  record Tracked(String job, String agentId, long lastUpdateNanos) {}

  record Agent(URI endpoint, Map<String, String> attributes) {}

  /** Waiting for an offer, in arrival order. */
  final LinkedHashMap<String, QueuedTask> queue = new LinkedHashMap<>();

  /** Matched to an offer, their sending being recorded; the ACCEPT goes out after that. */
  final Map<String, QueuedTask> inFlight = new HashMap<>();

  /** Sent in an ACCEPT by this instance and not ended: never sent again. */
  final Set<String> sent = new HashSet<>();

  /** Believed not ended: sent here, or reported by the engine through reconcile. */
  final Map<String, Tracked> tracked = new LinkedHashMap<>();

  /** Reconciled tasks with no record of being sent: unknown to the master means never started. */
  final Set<String> neverSent = new HashSet<>();

  /** Kills asked for and not yet confirmed: repeated after each resubscription. */
  final Set<String> killRequested = new HashSet<>();

  /** Agents seen in offers: their attributes and where their HTTP endpoints are. */
  final Map<String, Agent> agents = new HashMap<>();

  /** Agent of every task seen lately, including ended ones, so their logs stay readable. */
  final Map<String, String> taskAgents =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_AGENTS;
        }
      };

  /** Per job, the agent attributes of its tracked tasks, for UNIQUE/CLUSTER/GROUP_BY/MAX_PER. */
  private final Map<String, Map<String, Map<String, String>>> placements = new HashMap<>();

  boolean knows(String taskId) {
    return sent.contains(taskId)
        || queue.containsKey(taskId)
        || inFlight.containsKey(taskId)
        || tracked.containsKey(taskId);
  }

  /** Whether work waits for an offer or for its ACCEPT to go out. */
  boolean busy() {
    return !queue.isEmpty() || !inFlight.isEmpty();
  }

  /**
   * The queue in the order offers are matched to it: the dispatcher's order (priority, then the
   * owners' fair share by weight, then arrival) within this round. The engine hands over work as it
   * becomes ready, so without this a backlog one owner queued earlier would take every offer before
   * another owner's newer task.
   */
  List<QueuedTask> queueInOrder(FairShare share) {
    List<QueuedTask> arrival = List.copyOf(queue.values());
    boolean oneOwner =
        arrival.stream().map(t -> t.request().owner()).distinct().limit(2).count() < 2;
    if (oneOwner && arrival.stream().allMatch(t -> t.request().priority() == 0)) {
      return arrival;
    }
    // A stable sort: each owner's tasks highest priority first, then in arrival order.
    List<QueuedTask> byPriority = new ArrayList<>(arrival);
    byPriority.sort(Comparator.comparingInt((QueuedTask t) -> t.request().priority()).reversed());
    return share.order(
        byPriority,
        t -> t.request().owner(),
        t -> t.request().priority(),
        Map.of(),
        byPriority.size());
  }

  Collection<Map<String, String>> placementsOf(String job) {
    return placements.getOrDefault(job, Map.of()).values();
  }

  int placedCount(String job) {
    return placements.getOrDefault(job, Map.of()).size();
  }

  /** The task went out in an ACCEPT to this agent. */
  void sent(QueuedTask task, String agentId, Map<String, String> attributes, long now) {
    String id = task.taskId();
    inFlight.remove(id);
    sent.add(id);
    tracked.put(id, new Tracked(task.request().job(), agentId, now));
    taskAgents.put(id, agentId);
    place(task.request().job(), id, attributes);
  }

  /** An update says the task is active, maybe on an agent learned only now. */
  void active(String taskId, String agentId, long now) {
    Tracked t = tracked.get(taskId);
    String job = t != null ? t.job() : MesosLauncher.jobOf(taskId);
    String agent = agentId != null ? agentId : t != null ? t.agentId() : null;
    tracked.put(taskId, new Tracked(job, agent, now));
    Agent a = agent == null ? null : agents.get(agent);
    if (a != null) {
      place(job, taskId, a.attributes());
    }
  }

  /**
   * The task ended: forgotten but for its agent. The engine never launches an ended attempt's task
   * id again, so the sets stay as small as the number of active tasks.
   */
  void ended(String taskId) {
    Tracked t = tracked.remove(taskId);
    if (t != null) {
      Map<String, Map<String, String>> job = placements.get(t.job());
      if (job != null) {
        job.remove(taskId);
        if (job.isEmpty()) {
          placements.remove(t.job());
        }
      }
    }
    killRequested.remove(taskId);
    sent.remove(taskId);
    neverSent.remove(taskId);
  }

  /** Places tracked tasks on agents learned late, so constraints count them. */
  void placeTrackedOnKnownAgents() {
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

  private void place(String job, String taskId, Map<String, String> attributes) {
    placements.computeIfAbsent(job, j -> new HashMap<>()).put(taskId, attributes);
  }
}
