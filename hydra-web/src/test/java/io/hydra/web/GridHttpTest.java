package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /grid} over plain HTTP: which rows it has. (UiHttpTest holds the other pages; this is a
 * class of its own to keep that file readable.)
 */
class GridHttpTest {

  private static final String WINDOW = "from=2026-02-28T00:00:00Z&to=2026-03-03T00:00:00Z";

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static ApiClient api;

  @BeforeAll
  static void start() {
    api = new ApiClient(SERVER.server().port());
  }

  private static void define(String name) {
    ApiClient.Response r =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\""
                + name
                + "\",\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @Test
  void everyJobTheFilterShowsHasARowWithRunsInTheWindowOrNot() {
    define("grid-ran");
    define("grid-never-ran");
    ApiClient.Response trigger =
        api.post("/api/v1/jobs/grid-ran/runs", "{\"logicalTime\":\"2026-03-01T02:00:00Z\"}");
    assertThat(trigger.status()).as(trigger.body()).isEqualTo(201);

    String grid = api.get("/grid?job=grid-&" + WINDOW).body();
    assertThat(grid).contains("data-job=\"grid-ran\"").contains("data-job=\"grid-never-ran\"");
    assertThat(grid).contains("grid-never-ran has no run at 2026-03-01T02:00:00Z");

    String one = api.get("/ui/grid?job=grid-never&" + WINDOW).body();
    assertThat(one).contains("data-job=\"grid-never-ran\"").doesNotContain("\"grid-ran\"");
    String quiet =
        api.get("/ui/grid?job=grid-&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z").body();
    assertThat(quiet).contains("No runs between").contains("data-job=\"grid-never-ran\"");
    assertThat(api.get("/ui/grid?job=no-such-job&" + WINDOW).body())
        .contains("No jobs whose name contains 'no-such-job'");
  }
}
