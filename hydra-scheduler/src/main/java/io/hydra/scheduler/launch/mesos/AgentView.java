package io.hydra.scheduler.launch.mesos;

import io.hydra.scheduler.launch.LogStream;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where tasks' agents are and what they hold: the launcher's own memory first, the master's view
 * when a restart left it without (tasks adopted on agents no offer has named), and the agents'
 * sandboxes for task logs.
 */
final class AgentView {

  private static final Logger log = LoggerFactory.getLogger(AgentView.class);

  private final Object lock;
  private final TaskBook book;
  private final MesosSchedulerClient client;
  private final SandboxLogs logs;
  private final MasterState masterState;

  AgentView(
      Object lock,
      TaskBook book,
      MesosSchedulerClient client,
      SandboxLogs logs,
      MasterState masterState) {
    this.lock = lock;
    this.book = book;
    this.client = client;
    this.logs = logs;
    this.masterState = masterState;
  }

  Optional<InputStream> openLog(String taskId, LogStream stream) {
    String agentId;
    URI endpoint;
    synchronized (lock) {
      agentId = book.taskAgents.get(taskId);
      TaskBook.Agent agent = agentId == null ? null : book.agents.get(agentId);
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

  /**
   * Learns every agent from the master, and places the tracked tasks on agents that were unknown
   * until now, so constraints such as UNIQUE count them.
   */
  void learnAgents() {
    try {
      List<MasterState.KnownAgent> known = masterState.agents(client.leader(), null);
      synchronized (lock) {
        for (MasterState.KnownAgent a : known) {
          book.agents.putIfAbsent(a.id(), new TaskBook.Agent(a.endpoint(), a.attributes()));
        }
        book.placeTrackedOnKnownAgents();
      }
    } catch (RuntimeException e) {
      log.warn("Cannot learn the Mesos agents", e);
    }
  }

  static URI endpoint(Protos.Offer o) {
    if (!o.hasUrl()) {
      return URI.create("http://" + o.getHostname() + ":5051");
    }
    Protos.URL url = o.getUrl();
    Protos.Address a = url.getAddress();
    String host = a.hasIp() && !a.getIp().isEmpty() ? a.getIp() : a.getHostname();
    return URI.create(url.getScheme() + "://" + host + ":" + a.getPort());
  }
}
