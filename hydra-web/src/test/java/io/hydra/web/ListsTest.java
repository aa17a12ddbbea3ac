package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cursor paging, filters and sort on /runs and /jobs. */
class ListsTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
    for (String[] job :
        new String[][] {{"l-alpha", "team-a"}, {"l-beta", "team-b"}, {"l-gamma", "team-a"}}) {
      // Paused: runs stay queued, so their states do not change under the assertions.
      assertThat(
              api.post(
                      "/api/v1/jobs",
                      "{\"name\":\""
                          + job[0]
                          + "\",\"owner\":\""
                          + job[1]
                          + "\",\"paused\":true,\"concurrency\":\"allow\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
                          + "\"task\":{\"command\":\"true\"}}")
                  .status())
          .isEqualTo(201);
    }
    for (int day = 1; day <= 5; day++) {
      for (String job : List.of("l-alpha", "l-beta")) {
        assertThat(
                api.post(
                        "/api/v1/jobs/" + job + "/runs",
                        "{\"logicalTime\":\"2026-03-0" + day + "T02:00:00Z\"}")
                    .status())
            .isEqualTo(201);
      }
    }
  }

  /** Follows nextCursor to the end; returns field of every item in order. */
  private static List<String> all(String path, String field) {
    List<String> values = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 100; pages++) {
      JsonNode page = api.get(path + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.get("items").forEach(item -> values.add(item.get(field).asText()));
      if (!page.hasNonNull("nextCursor")) {
        return values;
      }
      cursor = page.get("nextCursor").asText();
    }
    throw new AssertionError("paging never ended");
  }

  @Test
  void runsPageThroughEveryRunOnceInTheChosenOrder() {
    List<String> newestFirst = all("/api/v1/runs?limit=3", "id");
    assertThat(newestFirst).hasSize(10).doesNotHaveDuplicates();
    assertThat(newestFirst.stream().map(Long::parseLong).toList())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));

    List<String> byTime = all("/api/v1/runs?limit=4&sort=logicalTime&job=l-alpha", "logicalTime");
    assertThat(byTime)
        .containsExactly(
            "2026-03-01T02:00:00Z",
            "2026-03-02T02:00:00Z",
            "2026-03-03T02:00:00Z",
            "2026-03-04T02:00:00Z",
            "2026-03-05T02:00:00Z");
    List<String> reversed = new ArrayList<>(byTime);
    java.util.Collections.reverse(reversed);
    assertThat(all("/api/v1/runs?limit=2&sort=-logicalTime&job=l-alpha", "logicalTime"))
        .containsExactlyElementsOf(reversed);
  }

  @Test
  void runsFilterByOwnerStateAndTimeRange() {
    assertThat(all("/api/v1/runs?owner=team-b", "job")).hasSize(5).containsOnly("l-beta");
    assertThat(all("/api/v1/runs?owner=nobody", "job")).isEmpty();
    assertThat(
            all(
                "/api/v1/runs?from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z"
                    + "&sort=logicalTime",
                "logicalTime"))
        .containsExactly(
            "2026-03-02T02:00:00Z",
            "2026-03-02T02:00:00Z",
            "2026-03-03T02:00:00Z",
            "2026-03-03T02:00:00Z");
    assertThat(all("/api/v1/runs?state=queued,waiting", "state")).hasSize(10);
    assertThat(all("/api/v1/runs?state=failed", "state")).isEmpty();
  }

  @Test
  void badListParametersNameTheField() {
    for (String[] bad :
        new String[][] {
          {"sort=color", "sort"},
          {"state=happy", "state"},
          {"from=monday", "from"},
          {"limit=0", "limit"},
          {"cursor=not!a!cursor", "cursor"},
          {"from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z", "to"}
        }) {
      ApiClient.Response r = api.get("/api/v1/runs?" + bad[0]);
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.json().at("/error/fields/0/field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    String cursor = api.get("/api/v1/runs?limit=1").json().get("nextCursor").asText();
    ApiClient.Response mixed = api.get("/api/v1/runs?limit=1&sort=logicalTime&cursor=" + cursor);
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.json().at("/error/message").asText()).contains("sort");
  }

  @Test
  void jobsFilterSortAndPage() {
    assertThat(all("/api/v1/jobs?q=l-&limit=1", "name"))
        .containsExactly("l-alpha", "l-beta", "l-gamma");
    assertThat(all("/api/v1/jobs?q=l-&sort=-name&limit=2", "name"))
        .containsExactly("l-gamma", "l-beta", "l-alpha");
    assertThat(all("/api/v1/jobs?owner=team-a", "name")).containsExactly("l-alpha", "l-gamma");
    assertThat(all("/api/v1/jobs?paused=false&q=l-", "name")).isEmpty();
    assertThat(all("/api/v1/jobs?q=l-&sort=createdAt&limit=2", "name"))
        .containsExactly("l-alpha", "l-beta", "l-gamma");
    assertThat(api.get("/api/v1/jobs?paused=maybe").status()).isEqualTo(400);
  }
}
