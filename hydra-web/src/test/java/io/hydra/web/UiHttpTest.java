package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UI's pages and fragments over plain HTTP: sign-in, CSRF, roles, validation, bad input. */
class UiHttpTest {

  private static final String ADMIN = "ui-http-admin-secret";

  @RegisterExtension
  static final TestServer SERVER =
      TestServer.with(c -> c.withAuth("token", ADMIN).withRateLimit(0, 1));

  private static HydraServer server;
  private static ApiClient admin;
  private static final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    server = SERVER.server();
    admin = new ApiClient(server.port(), ADMIN);
  }

  private static HttpResponse<String> send(
      String method, String path, String cookie, Map<String, String> form, String... headers) {
    String body =
        form == null
            ? ""
            : form.entrySet().stream()
                .map(
                    e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Content-Type",
                form == null ? "application/json" : "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", "hydra_token=" + cookie);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String token(String name, String role) {
    ApiClient.Response r =
        admin.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  private static void define(String name) {
    assertThat(
            admin
                .post(
                    "/api/v1/jobs",
                    "{\"name\":\""
                        + name
                        + "\",\"schedule\":{\"cron\":"
                        + "\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(201);
  }

  private static Map<String, String> draft(String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("mode", "form");
    form.put("original", "");
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  @Test
  void signInKeepsTheTokenInAnHttpOnlyStrictCookieAndRefusesUnknownTokens() {
    HttpResponse<String> page = send("GET", "/jobs", null, null);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("/login");

    HttpResponse<String> bad = send("POST", "/login", null, Map.of("token", "nope"));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("unknown or revoked");

    HttpResponse<String> good =
        send("POST", "/login", null, Map.of("token", ADMIN, "next", "/graph"));
    assertThat(good.statusCode()).isEqualTo(303);
    assertThat(good.headers().firstValue("Location")).hasValue("/graph");
    String cookie = good.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .contains("hydra_token=" + ADMIN)
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict");
    assertThat(send("GET", "/jobs", ADMIN, null).statusCode()).isEqualTo(200);
    assertThat(
            send("POST", "/login", null, Map.of("token", ADMIN, "next", "//evil.example"))
                .headers()
                .firstValue("Location"))
        .hasValue("/jobs");
  }

  @Test
  void aChangeSignedInByCookieNeedsTheHtmxHeaderAndTheRole() {
    define("ui-csrf");
    HttpResponse<String> noHeader = send("POST", "/api/v1/jobs/ui-csrf/pause", ADMIN, null);
    assertThat(noHeader.statusCode()).isEqualTo(403);
    assertThat(noHeader.body()).contains("HX-Request");
    assertThat(
            send("POST", "/api/v1/jobs/ui-csrf/pause", ADMIN, null, "HX-Request", "true")
                .statusCode())
        .isEqualTo(200);

    String viewer = token("ui-http-viewer", "viewer");
    HttpResponse<String> refused =
        send("POST", "/api/v1/jobs/ui-csrf/runs", viewer, null, "HX-Request", "true");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("needs operator");
    assertThat(send("GET", "/jobs/ui-csrf", viewer, null).body()).doesNotContain("data-api");
    assertThat(send("GET", "/editor", viewer, null).statusCode()).isEqualTo(403);
  }

  @Test
  void theEditorCheckPutsEachErrorNextToItsFieldWithTheApisValidator() {
    HttpResponse<String> bad =
        send(
            "POST",
            "/ui/editor/check",
            ADMIN,
            draft(
                "name",
                "Bad Name",
                "cron",
                "61 2 * * *",
                "command",
                "true",
                "after",
                "ghost-upstream"),
            "HX-Request",
            "true");
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(slot(bad.body(), "err-name")).contains("lower-case");
    assertThat(slot(bad.body(), "err-schedule-cron")).contains("61");
    assertThat(bad.body()).doesNotContain("<tr class");

    HttpResponse<String> ghost =
        send(
            "POST",
            "/ui/editor/check",
            ADMIN,
            draft(
                "name",
                "ui-ghosted",
                "cron",
                "0 2 * * *",
                "command",
                "true",
                "after",
                "ghost-upstream"),
            "HX-Request",
            "true");
    assertThat(slot(ghost.body(), "err-after")).contains("unknown upstream job 'ghost-upstream'");

    HttpResponse<String> good =
        send(
            "POST",
            "/ui/editor/check",
            ADMIN,
            draft(
                "name",
                "ui-dst",
                "cron",
                "30 2 * * *",
                "timezone",
                "Europe/Berlin",
                "command",
                "true",
                "previewFrom",
                "2026-03-25T00:00:00Z"),
            "HX-Request",
            "true");
    assertThat(good.body()).contains("No problems found");
    assertThat(slot(good.body(), "err-schedule-cron")).isEmpty();
    assertThat(good.body().split("<tr").length - 2).isEqualTo(10); // header row + 10 fires
    assertThat(good.body()).contains("2026-03-29").contains("DST gap");

    HttpResponse<String> yaml =
        send(
            "POST",
            "/ui/editor/check",
            ADMIN,
            Map.of("mode", "yaml", "original", "", "yaml", "name: [unclosed"),
            "HX-Request",
            "true");
    assertThat(slot(yaml.body(), "err-yaml")).contains("not YAML");
  }

  @Test
  void theEditorDraftBecomesTheYamlTheApiAcceptsKeepingFieldsTheFormDoesNotShow() {
    HttpResponse<String> yaml =
        send(
            "POST",
            "/ui/editor/yaml",
            ADMIN,
            draft(
                "name",
                "ui-kept",
                "cron",
                "0 4 * * *",
                "command",
                "echo hi",
                "labels",
                "team=data",
                "base",
                "name: old\ntask:\n  command: x\n  resources: {cpus: 0.5}\n"),
            "HX-Request",
            "true");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body())
        .contains("name: ui-kept")
        .contains("cpus: 0.5")
        .contains("team: data")
        .contains("command: echo hi");
    assertThat(admin.postYaml("/api/v1/jobs", yaml.body()).status()).isEqualTo(201);

    HttpResponse<String> badLabels =
        send(
            "POST",
            "/ui/editor/yaml",
            ADMIN,
            draft("name", "x", "labels", "no-equals-sign"),
            "HX-Request",
            "true");
    assertThat(badLabels.statusCode()).isEqualTo(400);
    assertThat(badLabels.body()).contains("labels: lines look like key=value");
  }

  @Test
  void theJobListFiltersByNameOwnerLabelAndStateAndTheJobPageDiffsVersions() {
    admin.post(
        "/api/v1/jobs",
        "{\"name\":\"ui-f-data\",\"owner\":\"data\",\"labels\":"
            + "{\"team\":\"etl\"},\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":"
            + "{\"command\":\"true\"}}");
    admin.post(
        "/api/v1/jobs",
        "{\"name\":\"ui-f-web\",\"owner\":\"web\",\"paused\":true,"
            + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}");
    assertThat(rows("q=ui-f-")).containsExactly("ui-f-data", "ui-f-web");
    assertThat(rows("q=ui-f-&owner=web")).containsExactly("ui-f-web");
    assertThat(rows("q=ui-f-&label=team%3Detl")).containsExactly("ui-f-data");
    assertThat(rows("q=ui-f-&label=team%3Dother")).isEmpty();
    assertThat(rows("q=ui-f-&state=paused")).containsExactly("ui-f-web");
    assertThat(rows("q=ui-f-&state=never")).containsExactly("ui-f-data", "ui-f-web");

    assertThat(
            admin
                .put(
                    "/api/v1/jobs/ui-f-data",
                    "{\"owner\":\"data\",\"schedule\":"
                        + "{\"cron\":\"0 3 * * *\"},\"task\":{\"command\":\"true\"}}")
                .status())
        .isEqualTo(200);
    String page = send("GET", "/jobs/ui-f-data", ADMIN, null).body();
    assertThat(page).contains("Version 2: updated by bootstrap");
    assertThat(page)
        .contains("<span class=\"del\">-   cron: 0 2 * * *")
        .contains("<span class=\"add\">+   cron: 0 3 * * *");

    String limited =
        admin
            .post(
                "/api/v1/tokens",
                "{\"name\":\"ui-web-only\",\"role\":" + "\"operator\",\"owners\":[\"web\"]}")
            .json()
            .get("token")
            .asText();
    assertThat(send("GET", "/jobs/ui-f-data", limited, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/jobs/ui-f-web", limited, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/ui/jobs/rows?q=ui-f-", limited, null).body())
        .doesNotContain("ui-f-data");
  }

  @Test
  void pagesShowSecretsMaskedAsTheApiDoes() {
    ApiClient.Response created =
        admin.postYaml(
            "/api/v1/jobs",
            "name: ui-secretive\n"
                + "schedule: {cron: '0 2 * * *'}\n"
                + "task: {command: 'true', env: {TOKEN: very-secret-value}, secrets: [TOKEN]}\n");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    for (String page : new String[] {"/jobs/ui-secretive", "/editor/ui-secretive"}) {
      String body = send("GET", page, ADMIN, null).body();
      assertThat(body)
          .as(page)
          .contains("TOKEN")
          .contains("***")
          .doesNotContain("very-secret-value");
    }
  }

  private static java.util.List<String> rows(String query) {
    HttpResponse<String> r = send("GET", "/ui/jobs/rows?" + query, ADMIN, null);
    assertThat(r.statusCode()).isEqualTo(200);
    var m = Pattern.compile("<tr data-job=\"([^\"]+)\"").matcher(r.body());
    java.util.List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void badInputIsAClearFourHundredPageNeverAFiveHundred() {
    HttpResponse<String> unknown = send("GET", "/jobs/no-such-job", ADMIN, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).contains("text/html");
    assertThat(unknown.body()).contains("job 'no-such-job' does not exist");
    assertThat(send("GET", "/jobs/BAD%20NAME", ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/runs/abc", ADMIN, null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/runs/999999", ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/editor/nope", ADMIN, null).statusCode()).isEqualTo(404);
    HttpResponse<String> grid = send("GET", "/grid?from=yesterday", ADMIN, null);
    assertThat(grid.statusCode()).isEqualTo(400);
    assertThat(grid.body()).contains("from").contains("ISO-8601");
    assertThat(
            send("GET", "/grid?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", ADMIN, null)
                .statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/ui/backfills/0", ADMIN, null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/ui/backfills/12345", ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/no/such/page", ADMIN, null).statusCode()).isEqualTo(404);
    HttpResponse<String> preview =
        send(
            "POST",
            "/ui/editor/check",
            ADMIN,
            draft("name", "x", "previewFrom", "soon"),
            "HX-Request",
            "true");
    assertThat(preview.statusCode()).isEqualTo(400);
    assertThat(preview.body()).contains("previewFrom");
  }

  @Test
  void aBackfillsProgressFragmentFollowsItUntilItEndsThenStopsPolling() {
    define("ui-backfilled");
    ApiClient.Response started =
        admin.post(
            "/api/v1/jobs/ui-backfilled/backfill",
            "{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-03T23:00:00Z\","
                + "\"parallelism\":2}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String path = "/ui/backfills/" + started.json().get("id").asText();
    String done =
        io.hydra.store.testing.Await.value(
            "backfill ends",
            Duration.ofSeconds(60),
            () -> {
              String body = send("GET", path, ADMIN, null).body();
              return body.contains(": succeeded") ? body : null;
            });
    assertThat(done)
        .contains("3 of 3 runs ended")
        .contains("succeeded: 3")
        .contains("hx-trigger=\"none\"")
        .doesNotContain("Cancel backfill");
  }

  @Test
  void theGraphLaysOutAThousandJobsAndNarrowsToOneChain() {
    ArrayNode jobs = Json.json().createArrayNode();
    for (int i = 0; i < 1000; i++) {
      ObjectNode job = jobs.addObject().put("name", String.format("g-%04d", i));
      if (i % 10 == 0) {
        job.putObject("schedule").put("cron", "0 2 * * *");
      } else {
        job.putArray("after").add(String.format("g-%04d", i - 1));
      }
      job.putObject("task").put("command", "true");
    }
    ObjectNode set = Json.json().createObjectNode();
    set.set("jobs", jobs);
    ApiClient.Response applied = admin.post("/api/v1/apply", set.toString());
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);

    HttpResponse<String> all = send("GET", "/graph", ADMIN, null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(count(all.body(), "data-job=\"g-")).isEqualTo(1000);
    // Ten layers: the chain's last job sits nine columns right of its first.
    assertThat(x(all.body(), "g-0009") - x(all.body(), "g-0000")).isEqualTo(9 * 260);

    HttpResponse<String> one = send("GET", "/ui/graph?job=g-0015", ADMIN, null);
    assertThat(count(one.body(), "data-job=\"g-")).isEqualTo(10);
    assertThat(one.body())
        .contains("data-job=\"g-0010\"")
        .contains("data-job=\"g-0019\"")
        .doesNotContain("data-job=\"g-0020\"");
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  private static int x(String svg, String job) {
    var m = Pattern.compile("data-job=\"" + job + "\"[^>]*>\\s*<rect x=\"(\\d+)\"").matcher(svg);
    assertThat(m.find()).as("node " + job).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The text of the out-of-band error slot with this id in a check fragment. */
  private static String slot(String html, String id) {
    var m =
        Pattern.compile("id=\"" + id + "\"[^>]*hx-swap-oob=\"true\">([^<]*)</span>").matcher(html);
    assertThat(m.find()).as("slot " + id + " in " + html).isTrue();
    return m.group(1);
  }
}
