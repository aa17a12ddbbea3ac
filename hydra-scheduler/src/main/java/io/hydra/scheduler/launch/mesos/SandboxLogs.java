package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.scheduler.launch.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's stdout/stderr from its agent sandbox: the agent's {@code /state} names the
 * executor's directory (Hydra's command tasks run under the command executor, whose id is the task
 * id), and {@code /files/read} pages through the file as JSON {@code {"data", "offset"}}.
 */
final class SandboxLogs {

  private static final Logger log = LoggerFactory.getLogger(SandboxLogs.class);
  static final int PAGE = 64 * 1024;

  private final JsonEndpoints endpoints;

  SandboxLogs(JsonEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  Optional<InputStream> open(URI agent, String frameworkId, String taskId, LogStream stream) {
    try {
      Optional<String> dir = directory(agent, frameworkId, taskId);
      if (dir.isEmpty()) {
        log.debug("No sandbox for task {} of framework {} on agent {}", taskId, frameworkId, agent);
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

  Optional<String> directory(URI agent, String frameworkId, String taskId)
      throws IOException, InterruptedException {
    JsonNode state = endpoints.get(agent, "/state");
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
        resp =
            endpoints.get(
                agent,
                "/files/read?path="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8)
                    + "&offset="
                    + offset
                    + "&length="
                    + PAGE);
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
