package io.hydra.scheduler.launch.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs JSON from the operator endpoints of masters and agents, with Hydra's credentials. */
final class JsonEndpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String authorization;
  private final Duration timeout;

  JsonEndpoints(HttpClient http, String authorization, Duration timeout) {
    this.http = http;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  /** The parsed body, or null when the endpoint answers 404 (no such file, task, ...). */
  JsonNode get(URI base, String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(MasterAddress.endpoint(base, "") + pathAndQuery))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET();
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() == 404) {
      return null;
    }
    if (resp.statusCode() != 200) {
      throw new IOException(base + pathAndQuery + " answered " + resp.statusCode());
    }
    return JSON.readTree(resp.body());
  }
}
