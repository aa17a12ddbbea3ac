package io.hydra.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import io.hydra.store.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A tiny HTTP client for end-to-end tests of the REST API. */
final class ApiClient {

  record Response(int status, String body) {

    JsonNode json() {
      try {
        return Json.json().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response postYaml(String path, String yaml) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }

  Response put(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** Polls GET path until the JSON answer satisfies the condition; returns that answer. */
  JsonNode awaitJson(String what, String path, Duration timeout, Predicate<JsonNode> condition) {
    return Await.value(what, timeout, () -> {
      Response r = get(path);
      if (r.status() != 200) {
        return null;
      }
      JsonNode json = r.json();
      return condition.test(json) ? json : null;
    });
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
