package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hydra.scheduler.launch.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's stdout/stderr from its agent sandbox: the agent's {@code /state} names the
 * executor's directory (Hydra's command tasks run under the command executor, whose id is the
 * task id), and {@code /files/read} pages through the file as JSON {@code {"data", "offset"}}.
 */
final class SandboxLogs {

  private static final Logger log = LoggerFactory.getLogger(SandboxLogs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PAGE = 64 * 1024;

  private final HttpClient http;
  private final String authorization;
  private final Duration timeout;

  SandboxLogs(HttpClient http, String authorization, Duration timeout) {
    this.http = http;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  Optional<InputStream> open(URI agent, String frameworkId, String taskId, LogStream stream) {
    try {
      Optional<String> dir = directory(agent, frameworkId, taskId);
      if (dir.isEmpty()) {
        log.debug("No sandbox for task {} of framework {} on agent {}", taskId, frameworkId,
            agent);
        return Optional.empty();
      }
      String file = dir.get() + "/" + (stream == LogStream.STDOUT ? "stdout" : "stderr");
      PagedFile paged = new PagedFile(agent, file);
      // Reading the first page now tells a missing file (no log) from an empty one.
      paged.fill();
      return paged.missing ? Optional.empty() : Optional.of(paged);
    } catch (IOException e) {
      log.warn("Cannot read the sandbox of task {} on agent {}: {}", taskId, agent, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The agent a task ran on, asked of the master ({@code /master/tasks} lists running and
   * completed tasks): needed after a restart, when the task ended before this process saw it.
   */
  Optional<String> agentOfTask(URI master, String frameworkId, String taskId) {
    try {
      JsonNode tasks = get(master, "/master/tasks?framework_id="
          + URLEncoder.encode(frameworkId, StandardCharsets.UTF_8) + "&task_id="
          + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
      if (tasks == null) {
        return Optional.empty();
      }
      for (JsonNode t : tasks.path("tasks")) {
        if (taskId.equals(t.path("id").asText()) && t.hasNonNull("slave_id")) {
          return Optional.of(t.get("slave_id").asText());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Cannot ask master {} where task {} ran: {}", master, taskId, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Where an agent's HTTP endpoints are, from the master's {@code /master/slaves}. */
  Optional<URI> agentEndpoint(URI master, String agentId) {
    try {
      JsonNode agents = get(master, "/master/slaves?slave_id="
          + URLEncoder.encode(agentId, StandardCharsets.UTF_8));
      if (agents == null) {
        return Optional.empty();
      }
      for (JsonNode a : agents.path("slaves")) {
        // pid looks like slave(1)@10.0.0.5:5051
        String pid = a.path("pid").asText("");
        int at = pid.indexOf('@');
        if (agentId.equals(a.path("id").asText()) && at >= 0) {
          return Optional.of(URI.create("http://" + pid.substring(at + 1)));
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      log.warn("Cannot ask master {} where agent {} is: {}", master, agentId, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  Optional<String> directory(URI agent, String frameworkId, String taskId)
      throws IOException, InterruptedException {
    JsonNode state = get(agent, "/state");
    if (state == null) {
      return Optional.empty();
    }
    for (String frameworks : new String[] {"frameworks", "completed_frameworks"}) {
      for (JsonNode fw : state.path(frameworks)) {
        if (!frameworkId.equals(fw.path("id").asText())) {
          continue;
        }
        for (String executors : new String[] {"executors", "completed_executors"}) {
          for (JsonNode ex : fw.path(executors)) {
            if (runs(ex, taskId) && ex.hasNonNull("directory")) {
              return Optional.of(ex.get("directory").asText());
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean runs(JsonNode executor, String taskId) {
    if (taskId.equals(executor.path("id").asText())) {
      return true;
    }
    for (String tasks : new String[] {"tasks", "queued_tasks", "completed_tasks"}) {
      for (JsonNode t : executor.path(tasks)) {
        if (taskId.equals(t.path("id").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private JsonNode get(URI agent, String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(
            URI.create(MasterAddress.endpoint(agent, "") + pathAndQuery))
        .timeout(timeout)
        .header("Accept", "application/json")
        .GET();
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() == 404) {
      return null;
    }
    if (resp.statusCode() != 200) {
      throw new IOException("agent " + agent + pathAndQuery + " answered " + resp.statusCode());
    }
    return JSON.readTree(resp.body());
  }

  /** The file from offset 0, fetched one page at a time as the caller reads. */
  private final class PagedFile extends InputStream {
    private final URI agent;
    private final String path;
    private long offset;
    private byte[] page = new byte[0];
    private int pos;
    private boolean eof;
    private boolean missing;

    PagedFile(URI agent, String path) {
      this.agent = agent;
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, page.length - pos);
      System.arraycopy(page, pos, b, off, n);
      pos += n;
      return n;
    }

    /** Makes sure unread bytes are in the page; false at the end of the file. */
    boolean fill() throws IOException {
      while (pos >= page.length) {
        if (eof || !fetch()) {
          eof = true;
          return false;
        }
      }
      return true;
    }

    private boolean fetch() throws IOException {
      JsonNode resp;
      try {
        resp = get(agent, "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
            + "&offset=" + offset + "&length=" + PAGE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted reading " + path, e);
      }
      if (resp == null) {
        missing = offset == 0;
        return false;
      }
      // The agent returns the bytes as a JSON string; offsets count bytes of the file.
      byte[] data = resp.path("data").asText("").getBytes(StandardCharsets.UTF_8);
      if (data.length == 0) {
        return false;
      }
      offset += data.length;
      page = data;
      pos = 0;
      return true;
    }
  }
}
