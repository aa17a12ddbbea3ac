package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.job.TaskConstraint;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leading master's operator endpoints tell about agents and tasks. Offers name only the
 * agents that have free resources; after a restart Hydra also needs the agents its running tasks
 * are on (for constraints and logs), and the agent of a task that ended while it was away. Failures
 * are logged and answered with "unknown": callers degrade, they do not fail.
 */
final class MasterState {

  private static final Logger log = LoggerFactory.getLogger(MasterState.class);

  /** An agent: where its HTTP endpoints are, and its attributes as constraints compare them. */
  record KnownAgent(String id, URI endpoint, Map<String, String> attributes) {}

  private final JsonEndpoints endpoints;

  MasterState(JsonEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** The agent a task ran on; {@code /master/tasks} lists running and completed tasks. */
  Optional<String> agentOfTask(URI master, String frameworkId, String taskId) {
    JsonNode tasks =
        get(
            master,
            "/master/tasks?framework_id=" + encode(frameworkId) + "&task_id=" + encode(taskId));
    for (JsonNode t : tasks == null ? List.<JsonNode>of() : listOf(tasks.path("tasks"))) {
      if (taskId.equals(t.path("id").asText()) && t.hasNonNull("slave_id")) {
        return Optional.of(t.get("slave_id").asText());
      }
    }
    return Optional.empty();
  }

  /** Every registered agent, or only {@code agentId} when it is not null. */
  List<KnownAgent> agents(URI master, String agentId) {
    JsonNode body =
        get(master, "/master/slaves" + (agentId == null ? "" : "?slave_id=" + encode(agentId)));
    List<KnownAgent> out = new ArrayList<>();
    for (JsonNode a : body == null ? List.<JsonNode>of() : listOf(body.path("slaves"))) {
      String id = a.path("id").asText("");
      // pid looks like slave(1)@10.0.0.5:5051
      String pid = a.path("pid").asText("");
      int at = pid.indexOf('@');
      if (id.isEmpty() || at < 0 || (agentId != null && !agentId.equals(id))) {
        continue;
      }
      try {
        out.add(new KnownAgent(id, URI.create("http://" + pid.substring(at + 1)), attributes(a)));
      } catch (IllegalArgumentException e) {
        log.warn("Mesos agent {} has an unusable pid {}", id, pid);
      }
    }
    return out;
  }

  /** The same strings {@link AgentAttributes} makes from an offer: numbers without ".0". */
  private static Map<String, String> attributes(JsonNode agent) {
    Map<String, String> out = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = agent.path("attributes").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      String text = v.asText();
      if (v.isNumber()) {
        double d = v.asDouble();
        text =
            d == Math.rint(d) && !Double.isInfinite(d)
                ? Long.toString((long) d)
                : Double.toString(d);
      }
      out.put(f.getKey(), text);
    }
    out.put(TaskConstraint.HOSTNAME, agent.path("hostname").asText(""));
    return Map.copyOf(out);
  }

  private JsonNode get(URI master, String pathAndQuery) {
    try {
      return endpoints.get(master, pathAndQuery);
    } catch (IOException e) {
      log.warn("Cannot read {} from Mesos master {}: {}", pathAndQuery, master, e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static List<JsonNode> listOf(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
