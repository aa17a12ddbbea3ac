package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Talks JSON to a Hydra server's REST API; every failure becomes one clear message. */
public final class ServerClient {

  /** An answer from the server: its HTTP status and JSON body. */
  public record Response(int status, JsonNode body) {

    public boolean ok() {
      return status == 200;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String server;
  private final String token;

  public ServerClient(String server, String token) {
    String base = server == null ? "" : server.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      URI uri = new URI(base);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(base, "not an http(s) URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new CliException(
          "--server: '" + server + "' is not a server URL such as http://127.0.0.1:8080");
    }
    this.server = base;
    this.token = token == null || token.isBlank() ? null : token.strip();
  }

  public String server() {
    return server;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  /** An answer that is not JSON when it succeeds (a log): its status and bytes. */
  public record RawResponse(int status, byte[] body) {

    /** The body as the JSON error it is when the status is 400 or more. */
    public JsonNode error() {
      try {
        return Json.json().readTree(body);
      } catch (IOException e) {
        return Json.json().createObjectNode();
      }
    }
  }

  /** GET of a plain-text resource, such as an attempt's log, as bytes. */
  public RawResponse getBytes(String path) {
    HttpResponse<byte[]> response =
        exchange(
            request(path).setHeader("Accept", "text/plain, application/json").GET(),
            BodyHandlers.ofByteArray());
    return new RawResponse(response.statusCode(), response.body());
  }

  public Response post(String path, JsonNode body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    HttpResponse<String> response = exchange(request, BodyHandlers.ofString());
    try {
      return new Response(response.statusCode(), Json.json().readTree(response.body()));
    } catch (JsonProcessingException e) {
      String body = response.body();
      throw new CliException(
          "unexpected answer from "
              + server
              + " (HTTP "
              + response.statusCode()
              + "): "
              + body.substring(0, Math.min(200, body.length())),
          e);
    }
  }

  /** Sends the request; a server that cannot be reached or does not answer is one message. */
  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the Hydra server at "
              + server
              + " (connection refused); is it running? Set --server or HYDRA_SERVER",
          e);
    } catch (HttpTimeoutException e) {
      throw new CliException("the Hydra server at " + server + " did not answer in time", e);
    } catch (IOException e) {
      throw new CliException("cannot talk to the Hydra server at " + server + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for " + server, e);
    }
  }
}
