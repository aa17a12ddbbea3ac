package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a server's error answer. A field of a submitted job ({@code jobs[2].schedule.cron}) is
 * printed at its place in the files ({@code file:line: schedule.cron: message}), like {@code hydra
 * validate} does.
 */
public final class ServerErrors {

  private static final Pattern JOB_FIELD = Pattern.compile("jobs\\[(\\d+)](?:\\.(.*))?");

  private ServerErrors() {}

  public static void print(
      ServerClient.Response response, List<JobDocument> documents, PrintWriter err) {
    JsonNode error = response.body().path("error");
    String message = error.path("message").asText("HTTP " + response.status());
    err.println("error from the server (HTTP " + response.status() + "): " + message);
    for (JsonNode field : error.path("fields")) {
      String path = field.path("field").asText();
      String text = field.path("message").asText();
      Matcher m = JOB_FIELD.matcher(path);
      if (m.matches() && Integer.parseInt(m.group(1)) < documents.size()) {
        JobDocument doc = documents.get(Integer.parseInt(m.group(1)));
        err.println(doc.problem(m.group(2) == null ? "" : m.group(2), text).format());
      } else if (field.hasNonNull("job")) {
        err.println("job '" + field.get("job").asText() + "' on the server: " + path + ": " + text);
      } else {
        err.println(path + ": " + text);
      }
    }
  }
}
