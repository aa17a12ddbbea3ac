package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calendars and several schedules in the UI over HTTP: the editor's preview marks excluded dates
 * and its form keeps the schedules it does not show; the grid says why a run was skipped.
 */
class CalendarUiTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static ApiClient api;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = new ApiClient(SERVER.server().port());
    ApiClient.Response r =
        api.put("/api/v1/calendars/ui-holidays", "{\"dates\":[\"2026-12-25\",\"2026-12-24\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static String post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("HX-Request", "true")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + SERVER.server().port() + path);
  }

  private static String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void theEditorFormEditsTheFirstScheduleKeepsTheOthersAndMarksExcludedFires() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("mode", "form");
    form.put("original", "");
    form.put("name", "ui-two-schedules");
    form.put("cron", "0 9 * * *");
    form.put("command", "true");
    form.put("previewFrom", "2026-12-23T12:00:00Z");
    form.put(
        "base",
        "name: ui-two-schedules\nschedule:\n  - {cron: '0 8 * * *', calendar: ui-holidays}\n"
            + "  - {cron: '0 17 * * *'}\ntask: {command: 'true'}\n");

    String check = post("/ui/editor/check", form);

    assertThat(check).contains("No problems found");
    // The form's cron replaced the first schedule's; its calendar and the 17:00 one stayed.
    assertThat(check).contains("2026-12-24 09:00").contains("2026-12-24 17:00");
    assertThat(check).doesNotContain("08:00");
    assertThat(check).contains("skipped: calendar ui-holidays");
  }

  @Test
  void theCalendarsPageListsEachCalendarWithItsDatesAndTheJobsNamingIt() {
    ApiClient.Response job =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"ui-cal-user\",\"schedule\":{\"cron\":\"0 9 * * *\","
                + "\"onlyOn\":\"ui-holidays\"},\"task\":{\"command\":\"true\"}}");
    assertThat(job.status()).as(job.body()).isEqualTo(201);

    String page = get("/calendars");

    assertThat(page)
        .contains("id=\"cal-ui-holidays\"")
        .contains("2 dates")
        .contains("2026-12-24, 2026-12-25")
        .contains("href=\"/jobs/ui-cal-user\"");
  }

  @Test
  void theGridSaysARunWasSkippedByTheCalendar() {
    ApiClient.Response job =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"ui-cal-grid\",\"schedule\":{\"cron\":\"0 9 * * *\","
                + "\"calendar\":\"ui-holidays\"},\"task\":{\"command\":\"true\"}}");
    assertThat(job.status()).as(job.body()).isEqualTo(201);
    ApiClient.Response backfill =
        api.post(
            "/api/v1/jobs/ui-cal-grid/backfill",
            "{\"from\":\"2026-12-24T00:00:00Z\",\"to\":\"2026-12-24T23:00:00Z\"}");
    assertThat(backfill.status()).as(backfill.body()).isEqualTo(201);
    api.awaitJson(
        "the calendar skip",
        "/api/v1/runs?job=ui-cal-grid",
        Duration.ofSeconds(20),
        runs -> runs.at("/items/0/reasonKind").asText().equals("calendar"));

    String grid = get("/grid?job=ui-cal-grid&from=2026-12-23T00:00:00Z&to=2026-12-26T00:00:00Z");

    assertThat(grid).contains("skipped (calendar)");
  }
}
