package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The agent's {@code /state} and {@code /files/read}, and the master's task and agent lists. */
final class FakeMasterEndpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeMasterState m;

  FakeMasterEndpoints(FakeMasterState m) {
    this.m = m;
  }

  void agentState(HttpExchange ex) throws IOException {
    try (ex) {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode frameworks = root.putArray("frameworks");
      synchronized (m.lock) {
        ObjectNode fw = frameworks.addObject().put("id", m.frameworkId);
        ArrayNode executors = fw.putArray("executors");
        for (FakeMasterState.Task t : m.tasks.values()) {
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

  void masterTasks(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("tasks");
    synchronized (m.lock) {
      for (FakeMasterState.Task t : m.tasks.values()) {
        String id = t.info.getTaskId().getValue();
        if (!q.containsKey("task_id") || q.get("task_id").equals(id)) {
          list.addObject()
              .put("id", id)
              .put("slave_id", t.agentId)
              .put("framework_id", m.frameworkId)
              .put("state", t.state.name());
        }
      }
    }
    json(ex, root);
  }

  void masterAgents(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("slaves");
    synchronized (m.lock) {
      for (FakeMasterState.Agent a : m.agents.values()) {
        if (!q.containsKey("slave_id") || q.get("slave_id").equals(a.id)) {
          ObjectNode agent =
              list.addObject()
                  .put("id", a.id)
                  .put("hostname", a.hostname)
                  .put("pid", "slave(1)@127.0.0.1:" + m.port());
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

  void filesRead(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      String path = q.getOrDefault("path", "");
      String prefix = "/var/lib/mesos/sandbox/";
      String content = null;
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        synchronized (m.lock) {
          Map<String, String> files = slash < 0 ? null : m.sandboxes.get(rest.substring(0, slash));
          content = files == null ? null : files.get(rest.substring(slash + 1));
        }
      }
      if (content == null) {
        FakeMasterCalls.reply(ex, 404, "No such file or directory");
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
}
