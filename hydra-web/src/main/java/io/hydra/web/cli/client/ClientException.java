package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A client command failed: the server refused (4xx, exit 2), failed (5xx, exit 1) or could not be
 * reached (exit 1). The message is what the user reads, one line per problem.
 */
public final class ClientException extends RuntimeException {

  private final int exitCode;
  private final transient List<String> lines;

  ClientException(int exitCode, String message) {
    this(exitCode, message, List.of(message));
  }

  private ClientException(int exitCode, String message, List<String> lines) {
    super(message);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  static ClientException fromResponse(int status, JsonNode body) {
    JsonNode error = body.path("error");
    String message = error.path("message").asText("HTTP " + status);
    List<String> lines = new ArrayList<>();
    if (error.path("fields").isArray() && error.path("fields").size() > 0) {
      error
          .path("fields")
          .forEach(f -> lines.add(f.path("field").asText() + ": " + f.path("message").asText()));
    } else {
      lines.add(message);
    }
    return new ClientException(status < 500 ? 2 : 1, message, lines);
  }

  public int exitCode() {
    return exitCode;
  }

  public List<String> lines() {
    return lines;
  }
}
