package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code hydra jobs}: every job, with its next fire and the state of its latest run. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List jobs: name, next fire (UTC) and the state of the latest run, one a line.")
public final class JobsCommand extends RunCommands.ClientCommand {

  /** As many runs as the server answers at once: the latest runs of most jobs are among them. */
  private static final int RECENT = 500;

  @Override
  public Integer call() {
    List<JsonNode> jobs = jobs();
    Map<String, JsonNode> latest = latestRuns(jobs);
    for (JsonNode job : jobs) {
      out().println(line(job, latest.get(job.path("name").asText())));
    }
    return 0;
  }

  private List<JsonNode> jobs() {
    List<JsonNode> jobs = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          api().get("/api/v1/jobs?limit=1000" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
      page.path("items").forEach(jobs::add);
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return jobs;
  }

  /**
   * The run of the newest logical time of each job (as the jobs page shows it). One request for the
   * newest runs of all jobs finds most; only a job with none among them costs a request.
   */
  private Map<String, JsonNode> latestRuns(List<JsonNode> jobs) {
    Map<String, JsonNode> latest = new HashMap<>();
    JsonNode recent = api().get("/api/v1/runs?sort=-logicalTime&limit=" + RECENT);
    recent.path("items").forEach(run -> latest.putIfAbsent(run.path("job").asText(), run));
    boolean complete = !recent.path("nextCursor").isTextual();
    if (!complete) {
      for (JsonNode job : jobs) {
        String name = job.path("name").asText();
        if (!latest.containsKey(name)) {
          api()
              .get("/api/v1/runs?sort=-logicalTime&limit=1&job=" + enc(name))
              .path("items")
              .forEach(run -> latest.put(name, run));
        }
      }
    }
    return latest;
  }

  /** "extract next 2026-03-02T02:00:00Z last succeeded (run 12 @ 2026-03-01T02:00:00Z)". */
  static String line(JsonNode job, JsonNode run) {
    boolean paused = job.path("spec").path("paused").asBoolean();
    String next =
        paused
            ? "paused"
            : job.path("nextFireAt").isTextual()
                ? "next " + job.path("nextFireAt").asText()
                : "next -";
    String last =
        run == null
            ? "last -"
            : "last "
                + run.path("state").asText()
                + " (run "
                + run.path("id").asText()
                + " @ "
                + run.path("logicalTime").asText()
                + ")";
    return job.path("name").asText() + "  " + next + "  " + last;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
