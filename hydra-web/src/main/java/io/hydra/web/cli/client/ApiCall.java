package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP call from the CLI to the REST API; errors become {@link ClientException}. */
public final class ApiCall {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String server;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiCall(String server, String token) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.token = token;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    String json = body == null ? "" : Json.write(body);
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(server + path)).timeout(TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new ClientException(2, "--server: '" + server + "' is not a URL");
    }
    if (token != null && !token.isBlank()) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ClientException(1, "cannot reach the Hydra server at " + server
          + " (is it running? set --server or HYDRA_SERVER)");
    } catch (IOException e) {
      throw new ClientException(1, "talking to " + server + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(1, "interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 400) {
      throw ClientException.fromResponse(response.statusCode(), body);
    }
    return body;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return Json.json().createObjectNode();
    }
    try {
      return Json.json().readTree(text);
    } catch (IOException e) {
      return Json.json().createObjectNode().put("raw", text);
    }
  }
}
