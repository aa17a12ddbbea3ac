package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.web.HydraServer;
import io.hydra.web.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** openapi.json documents exactly the routes the server registers, and is served. */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static HydraServer server;

  @BeforeAll
  static void start() {
    server = SERVER.server();
  }

  private static Set<String> documented(JsonNode spec) {
    Set<String> routes = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (METHODS.contains(method)) {
                  routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    return routes;
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> registered = new TreeSet<>(server.routes());
    Set<String> documented = documented(DocsRoutes.spec());
    assertThat(registered).as("sanity: the server registers routes").hasSizeGreaterThan(20);
    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(registered);
    assertThat(undocumented).as("registered but not in openapi.yaml").isEmpty();
    assertThat(missing).as("in openapi.yaml but not registered").isEmpty();
  }

  /**
   * Clients generate code from the description: each operation needs a stable, unique name, and
   * each JSON answer a schema with content (OpenApiResponsesTest checks answers against them).
   */
  @Test
  void everyOperationIsNamedAndEveryJsonAnswerHasASchema() {
    JsonNode spec = DocsRoutes.spec();
    Set<String> ids = new TreeSet<>();
    Set<String> problems = new TreeSet<>();
    for (String route : documented(spec)) {
      String[] parts = route.split(" ", 2);
      JsonNode operation = spec.get("paths").get(parts[1]).get(parts[0].toLowerCase(Locale.ROOT));
      String id = operation.path("operationId").asText("");
      if (id.isEmpty() || !ids.add(id)) {
        problems.add(route + ": missing or repeated operationId '" + id + "'");
      }
      operation
          .path("responses")
          .fields()
          .forEachRemaining(
              response -> {
                JsonNode schema =
                    response.getValue().path("content").path("application/json").path("schema");
                boolean json = response.getValue().path("content").has("application/json");
                if (json && schema.size() == 1 && schema.path("type").asText().equals("object")) {
                  problems.add(route + " " + response.getKey() + ": a bare {type: object}");
                } else if (json && schema.isMissingNode()) {
                  problems.add(route + " " + response.getKey() + ": JSON without a schema");
                }
              });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theDescriptionAndItsPageAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port() + "/api/v1/";
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "openapi.json")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body())
        .startsWith("{")
        .contains("\"openapi\":\"3.0.3\"")
        .contains("/api/v1/jobs/{name}/runs");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).contains("text/html");
    assertThat(page.body()).contains("openapi.json").doesNotContain("https://");
    // The job schema the description refers to, open to anyone, as the code generates it.
    HttpResponse<String> schema =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "schemas/job.json")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(schema.statusCode()).isEqualTo(200);
    assertThat(schema.headers().firstValue("Content-Type").orElse(""))
        .contains("application/schema+json");
    assertThat(io.hydra.store.json.Json.json().readTree(schema.body()))
        .isEqualTo(io.hydra.store.json.Json.json().readTree(io.hydra.store.json.JobSchema.text()));
    assertThat(json.body()).contains("\"$ref\":\"schemas/job.json\"");
  }
}
