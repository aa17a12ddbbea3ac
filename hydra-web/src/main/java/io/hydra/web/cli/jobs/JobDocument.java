package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One job definition as read from a file: its tree, and the line of every field in it (keyed by
 * JSON pointer, e.g. {@code /schedule/cron}), so problems can point at the line to fix.
 */
public record JobDocument(String file, int line, JsonNode tree, Map<String, Integer> lines) {

  /**
   * The line of a field given by its path ({@code after[1].job}); for a field that is not in the
   * file (a missing one) the line of its nearest enclosing field, or of the job itself.
   */
  public int lineOf(String field) {
    if (field == null || field.isEmpty()) {
      return line;
    }
    String[] parts = field.replaceAll("\\[(\\d+)]", ".$1").split("\\.");
    for (int n = parts.length; n > 0; n--) {
      StringBuilder pointer = new StringBuilder();
      for (int i = 0; i < n; i++) {
        pointer.append('/').append(parts[i].replace("~", "~0").replace("/", "~1"));
      }
      Integer found = lines.get(pointer.toString());
      if (found != null) {
        return found;
      }
    }
    return line;
  }

  public Problem problem(String field, String message) {
    return new Problem(file, lineOf(field), field, message);
  }
}
