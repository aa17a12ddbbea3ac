package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import io.hydra.web.cli.jobs.ServerClient;
import java.util.Optional;

/**
 * One REST call of an operator command: a refusal (4xx) or failure (5xx) of the server becomes a
 * {@link ClientException} naming each field; an unreachable server is the client's own error.
 */
final class ApiCall {

  private final ServerClient client;

  ApiCall(ServerClient client) {
    this.client = client;
  }

  JsonNode get(String path) {
    return checked(client.get(path));
  }

  /**
   * A plain-text resource (a log); empty if the server has none (404), as a log not yet written.
   */
  Optional<byte[]> bytes(String path) {
    ServerClient.RawResponse response = client.getBytes(path);
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() >= 400) {
      throw ClientException.fromResponse(response.status(), response.error());
    }
    return Optional.of(response.body());
  }

  /** As {@link #bytes}, a missing resource being the server's refusal. */
  byte[] bytesOrFail(String path) {
    ServerClient.RawResponse response = client.getBytes(path);
    if (response.status() >= 400) {
      throw ClientException.fromResponse(response.status(), response.error());
    }
    return response.body();
  }

  JsonNode post(String path, Object body) {
    JsonNode json = body == null ? Json.json().createObjectNode() : Json.json().valueToTree(body);
    return checked(client.post(path, json));
  }

  JsonNode delete(String path) {
    return checked(client.delete(path));
  }

  private static JsonNode checked(ServerClient.Response response) {
    if (response.status() >= 400) {
      throw ClientException.fromResponse(response.status(), response.body());
    }
    return response.body();
  }
}
