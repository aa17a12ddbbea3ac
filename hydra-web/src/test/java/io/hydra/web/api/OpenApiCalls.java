package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP client that checks every answer against openapi.yaml as it arrives, and remembers which
 * operations answered a success and which an error, so a test can demand that all of them did.
 */
final class OpenApiCalls {

  record Answer(int status, String body) {

    JsonNode json() {
      return OpenApiContract.read(body);
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final OpenApiContract contract;
  private final String base;
  private final String token;
  private final Set<String> succeeded;
  private final Set<String> failed;

  OpenApiCalls(OpenApiContract contract, int port, String token) {
    this(contract, "http://127.0.0.1:" + port, token, newSet(), newSet());
  }

  private OpenApiCalls(
      OpenApiContract contract, String base, String token, Set<String> ok, Set<String> failed) {
    this.contract = contract;
    this.base = base;
    this.token = token;
    this.succeeded = ok;
    this.failed = failed;
  }

  private static Set<String> newSet() {
    return ConcurrentHashMap.newKeySet();
  }

  /** The same client and records, with another token (null: none). */
  OpenApiCalls as(String otherToken) {
    return new OpenApiCalls(contract, base, otherToken, succeeded, failed);
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer post(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  Answer put(String path, String json) {
    return send("PUT", path, "application/json", json);
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Sends, checks the answer against the document and records the operation. */
  Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String operation = method + " " + contract.template(method, path);
    contract.check(
        operation,
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body());
    if (response.statusCode() < 300 && body != null && !body.isEmpty()) {
      contract.checkRequest(operation, contentType, body);
    }
    record(operation, response.statusCode());
    return new Answer(response.statusCode(), response.body());
  }

  /** For answers checked elsewhere (the event stream, which never ends). */
  void record(String operation, int status) {
    (status < 400 ? succeeded : failed).add(operation);
  }

  /** Sends and demands the status; the answer is checked against the document either way. */
  Answer expect(int status, String method, String path, String body) {
    Answer answer = send(method, path, body == null ? null : "application/json", body);
    assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
    return answer;
  }

  /**
   * Calls every protected operation without a token: each answers 401 in the error shape. Path
   * parameters are filled with the given job name and 1.
   */
  void refusedWithoutToken(String job) {
    for (String operation : contract.operations()) {
      if (contract.operation(operation).has("security")) {
        continue; // open to anyone: health and the description
      }
      String[] parts = operation.split(" ", 2);
      String path = parts[1].replace("{name}", job).replace("{id}", "1").replace("{n}", "1");
      expect(401, parts[0], path, parts[0].equals("GET") ? null : "{}");
    }
  }

  Set<String> succeeded() {
    return new TreeSet<>(succeeded);
  }

  Set<String> failed() {
    return new TreeSet<>(failed);
  }
}
