package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hydra.core.run.RunState;
import io.hydra.store.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hydra runs}: the newest runs, one per line, filtered as {@code GET /api/v1/runs}. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List runs, newest first: id, job, logical time, state and reason, one a line.")
public final class RunsCommand extends RunCommands.ClientCommand {

  /** The most the server answers in one page; more are fetched page by page. */
  private static final int PAGE = 500;

  @Option(names = "--job", paramLabel = "JOB", description = "Only runs of this job")
  String job;

  @Option(
      names = "--state",
      paramLabel = "STATE[,STATE...]",
      description = "Only runs in these states, e.g. failed,killed")
  String state;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only runs whose logical time is at or after WHEN: an instant"
              + " (2026-03-01T00:00:00Z) or a time ago (30m, 12h, 7d, PT2H)")
  String since;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many runs (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "Print a JSON array of the runs, as the API answers them")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ClientException(2, "--limit: must be 1 or more, not " + limit);
    }
    String filters = filters(Instant.now());
    ArrayNode found = Json.json().createArrayNode();
    String cursor = null;
    do {
      int page = Math.min(PAGE, limit - found.size());
      String path =
          "/api/v1/runs?limit=" + page + filters + (cursor == null ? "" : "&cursor=" + enc(cursor));
      JsonNode answer = api().get(path);
      answer.path("items").forEach(found::add);
      cursor = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
    } while (cursor != null && found.size() < limit);
    if (json) {
      out().println(Json.write(found));
    } else {
      found.forEach(run -> out().println(RunText.line(run)));
    }
    return 0;
  }

  /**
   * The query's filters, each checked here so that a mistake names the option, not the API's field.
   */
  private String filters(Instant now) {
    StringBuilder q = new StringBuilder();
    if (job != null) {
      q.append("&job=").append(enc(job.strip()));
    }
    if (state != null) {
      q.append("&state=").append(enc(String.join(",", states(state))));
    }
    if (since != null) {
      q.append("&from=").append(enc(Since.parse("--since", since, now).toString()));
    }
    return q.toString();
  }

  private static List<String> states(String value) {
    List<String> names = Arrays.stream(value.split(",")).map(String::strip).toList();
    for (String name : names) {
      try {
        RunState.fromWire(name);
      } catch (IllegalArgumentException e) {
        throw new ClientException(
            2,
            "--state: unknown run state '"
                + name
                + "'; one of "
                + Arrays.stream(RunState.values())
                    .map(RunState::wireName)
                    .collect(Collectors.joining(", ")));
      }
    }
    return names;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
