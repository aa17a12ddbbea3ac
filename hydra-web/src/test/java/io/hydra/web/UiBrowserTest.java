package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.store.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in real headless chromium against a whole server (token auth, real PostgreSQL, real
 * processes). Saves a screenshot of each view under target/screenshots.
 */
class UiBrowserTest {

  private static final String ADMIN = "ui-browser-admin-secret";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN));

  @TempDir static Path work;
  private static HydraServer server;
  private static ApiClient admin;
  private static Browser browser;

  @BeforeAll
  static void start() {
    Browser.assumeAvailable();
    server = SERVER.server();
    admin = new ApiClient(server.port(), ADMIN);
    browser = new Browser(server.port());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String token(String name, String role) {
    ApiClient.Response r =
        admin.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  private static void define(String name, String after, String command) {
    ObjectNode job = Json.json().createObjectNode().put("name", name).put("owner", "ui-test");
    if (after == null) {
      job.putObject("schedule").put("cron", "0 3 * * *").put("timezone", "Europe/Berlin");
    } else {
      job.putArray("after").add(after);
    }
    job.putObject("task").put("command", command);
    ApiClient.Response r = admin.post("/api/v1/jobs", job.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static void replace(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }

  @Test
  void createAJobInTheEditorSeeAValidationErrorFixItAndSave() {
    browser.signIn(ADMIN);
    browser.open("/editor");
    replace(browser.find("#e-name"), "ui-made-job");
    replace(browser.find("#e-cron"), "61 2 * * *");
    browser.until(ExpectedConditions.attributeToBe(By.id("e-cron"), "aria-invalid", "true"));
    assertThat(browser.text("#err-schedule-cron")).containsIgnoringCase("61");
    browser.screenshot("editor-error");

    replace(browser.find("#e-cron"), "30 2 * * *");
    replace(browser.find("#e-timezone"), "Europe/Berlin");
    browser.awaitText("#check-summary", "No problems found");
    assertThat(browser.text("#err-schedule-cron")).isEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("#preview tbody tr"))).hasSize(10);
    browser.screenshot("editor-valid");
    browser.find("#e-previewFrom").sendKeys("2026-03-25T00:00:00Z");
    browser.awaitText("#preview", "DST gap"); // 02:30 does not exist in Berlin on 2026-03-29
    browser.screenshot("editor-dst");

    browser.find("#save").click();
    browser.until(ExpectedConditions.urlContains("/jobs/ui-made-job"));
    browser.awaitText("h1", "ui-made-job");
    JsonNode saved = admin.get("/api/v1/jobs/ui-made-job").json();
    assertThat(saved.at("/spec/schedule/cron").asText()).isEqualTo("30 2 * * *");
    assertThat(saved.at("/spec/schedule/timezone").asText()).isEqualTo("Europe/Berlin");
    JsonNode audit = admin.get("/api/v1/audit?job=ui-made-job").json();
    assertThat(audit.at("/items/0/action").asText()).isEqualTo("POST /api/v1/jobs");
    assertThat(audit.at("/items/0/actor").asText()).isEqualTo("bootstrap");
  }

  @Test
  void triggerAJobAndWatchItSucceedWithoutReloading() {
    define("ui-watched", null, "sleep 1; echo watched-output");
    browser.signIn(ADMIN);
    browser.open("/jobs/ui-watched");
    browser.awaitText("#job-runs", "No runs yet");
    browser.until(
        d -> "true".equals(browser.script("return document.body.getAttribute('data-live')")));
    browser.script("window.hydraNotReloaded = true;");

    browser.find("#t-time").sendKeys("2026-03-01T02:00:00Z");
    browser.find("#trigger-form button[type=submit]").click();
    assertThat(browser.acceptConfirm()).contains("ui-watched");
    browser.awaitText("#flash", "created");

    browser.awaitText("#job-runs tbody", "succeeded");
    assertThat(browser.script("return window.hydraNotReloaded === true")).isEqualTo(true);
    browser.screenshot("job");
    String runId = browser.text("#job-runs tbody tr th a");
    browser.open("/runs/" + runId);
    browser.awaitText("#log-text", "watched-output");
    browser.screenshot("run");
    browser.size(400, 800);
    browser.screenshot("run-narrow");
    browser.open("/jobs");
    browser.find("tr[data-job='ui-watched']");
    browser.screenshot("jobs-narrow");
    browser.size(1280, 800);
    browser.open("/jobs");
    browser.find("tr[data-job='ui-watched']");
    browser.screenshot("jobs");
    browser.open("/grid?from=2026-02-28T00:00:00Z&to=2026-03-03T00:00:00Z");
    browser.find("a.cell.s-succeeded");
    browser.screenshot("grid");
    browser.find("a.cell.s-succeeded").click();
    browser.until(ExpectedConditions.urlContains("/runs/" + runId));

    browser.open("/jobs");
    browser.find("tr[data-job='ui-watched'] button.toggle").click();
    assertThat(browser.acceptConfirm()).contains("Pause job ui-watched");
    browser.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("tr[data-job='ui-watched'] button.toggle"), "aria-pressed", "true"));
    assertThat(admin.get("/api/v1/jobs/ui-watched").json().at("/spec/paused").asBoolean()).isTrue();
  }

  /**
   * For each time column: the header's label centre and the cell's centre, and the header cell's
   * and body cell's left edge and width, in CSS pixels.
   */
  private static final String GRID_GEOMETRY =
      "const heads = [...document.querySelectorAll('.grid-table thead th.time')];"
          + "const row = document.querySelector('.grid-table tbody tr');"
          + "const tds = [...row.querySelectorAll('td')];"
          + "const mid = r => r.left + r.width / 2;"
          + "return heads.map((th, i) => { const h = th.getBoundingClientRect();"
          + " const d = tds[i].getBoundingClientRect();"
          + " const label = th.querySelector('time').getBoundingClientRect();"
          + " const cell = tds[i].firstElementChild.getBoundingClientRect();"
          + " return [mid(label), mid(cell), h.left, d.left, h.width, d.width]; });";

  @Test
  void gridHeadersLineUpWithTheirCellsForOneTwoAndThreeColumns() {
    define("ui-align", null, "true");
    for (String t : new String[] {"01", "02", "03"}) {
      ApiClient.Response r =
          admin.post(
              "/api/v1/jobs/ui-align/runs", "{\"logicalTime\":\"2025-01-01T" + t + ":00:00Z\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    browser.signIn(ADMIN);
    for (int width : new int[] {1280, 400}) {
      browser.size(width, 800);
      for (int columns = 1; columns <= 3; columns++) {
        browser.open(
            "/grid?job=ui-align&from=2025-01-01T00:30:00Z&to=2025-01-01T0" + columns + ":30:00Z");
        browser.find(".grid-table tbody td .cell");
        java.util.List<?> geometry = (java.util.List<?>) browser.script(GRID_GEOMETRY);
        assertThat(geometry).as("columns at width " + width).hasSize(columns);
        for (Object column : geometry) {
          java.util.List<?> g = (java.util.List<?>) column;
          String at = columns + " columns, width " + width + ": " + g;
          assertThat(number(g, 0))
              .as(at)
              .isCloseTo(number(g, 1), org.assertj.core.data.Offset.offset(2.0));
          assertThat(number(g, 2))
              .as(at)
              .isCloseTo(number(g, 3), org.assertj.core.data.Offset.offset(0.5));
          assertThat(number(g, 4))
              .as(at)
              .isCloseTo(number(g, 5), org.assertj.core.data.Offset.offset(0.5));
        }
        browser.screenshot("grid-" + columns + "-columns-" + width);
      }
    }
    browser.size(1280, 800);
  }

  private static double number(java.util.List<?> values, int i) {
    return ((Number) values.get(i)).doubleValue();
  }

  @Test
  void openTheGraphAndNarrowItToOneJob() {
    define("ui-graph-a", null, "true");
    define("ui-graph-b", "ui-graph-a", "true");
    define("ui-graph-other", null, "true");
    browser.signIn(ADMIN);
    browser.open("/graph");
    browser.find("a.node[data-job='ui-graph-b']");
    WebElement a = browser.find("a.node[data-job='ui-graph-a'] rect");
    WebElement b = browser.find("a.node[data-job='ui-graph-b'] rect");
    assertThat(Integer.parseInt(b.getDomAttribute("x")))
        .isGreaterThan(
            Integer.parseInt(
                a.getDomAttribute("x"))); // a dependent is a layer right of its upstream
    browser.screenshot("graph");

    browser.open("/graph?job=ui-graph-b");
    browser.find("a.node[data-job='ui-graph-a']");
    assertThat(browser.driver.findElements(By.cssSelector("a.node[data-job='ui-graph-other']")))
        .isEmpty();
    browser.find("a.node[data-job='ui-graph-a']").click();
    browser.until(ExpectedConditions.urlContains("/jobs/ui-graph-a"));
  }

  @Test
  void rerunAFailedNodeWithDownstreamFromTheRunPage() {
    String marker = work.resolve("failed-once").toString();
    define(
        "ui-up",
        null,
        "if [ -f "
            + marker
            + " ]; then echo second; else touch "
            + marker
            + "; echo first-fails >&2; exit 3; fi");
    define("ui-mid", "ui-up", "echo mid");
    define("ui-down", "ui-mid", "echo down");
    ApiClient.Response trigger =
        admin.post("/api/v1/jobs/ui-up/runs", "{\"logicalTime\":\"2026-03-05T02:00:00Z\"}");
    long up = trigger.json().get("id").asLong();
    admin.awaitJson(
        "ui-down upstream_failed",
        "/api/v1/runs?job=ui-down",
        WAIT,
        page -> page.at("/items/0/state").asText().equals("upstream_failed"));
    browser.signIn(token("ui-oncall", "operator"));
    browser.open("/runs/" + up);
    browser.awaitText("#run-state", "failed");
    assertThat(browser.text("#attempts")).contains("3"); // the exit code
    browser.screenshot("run-failed");

    browser.find("#act-rerun-downstream").click();
    String question = browser.acceptConfirm();
    assertThat(question).contains("ui-mid").contains("ui-down").contains("2 downstream runs");

    browser.until(ExpectedConditions.attributeToBe(By.id("run-state"), "data-state", "succeeded"));
    assertThat(admin.get("/api/v1/runs/" + up).json().get("attempts")).hasSize(2);
    JsonNode down =
        admin
            .awaitJson(
                "ui-down succeeded",
                "/api/v1/runs?job=ui-down",
                WAIT,
                page -> page.at("/items/0/state").asText().equals("succeeded"))
            .at("/items/0");
    assertThat(down.get("attemptCount").asInt()).isEqualTo(1);
    JsonNode audit = admin.get("/api/v1/audit?job=ui-up").json();
    assertThat(audit.at("/items/0/actor").asText()).isEqualTo("ui-oncall");
  }

  /** A job that fails its first run and succeeds after (the marker file remembers). */
  private static String failsOnce(String name) {
    String marker = work.resolve(name + "-failed-once").toString();
    return "if [ -f " + marker + " ]; then true; else touch " + marker + "; exit 3; fi";
  }

  private static long triggerAndAwait(String job, String last, String day) {
    long id =
        admin
            .post("/api/v1/jobs/" + job + "/runs", "{\"logicalTime\":\"" + day + "T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    admin.awaitJson(
        last + " upstream_failed",
        "/api/v1/runs?job=" + last,
        WAIT,
        page -> page.at("/items/0/state").asText().equals("upstream_failed"));
    return id;
  }

  @Test
  void aFailedPipelineShowsItsStatesAndRerunsEveryFailedNodeAfterConfirmingTheList() {
    define("ui-p-up", null, failsOnce("ui-p-up"));
    define("ui-p-mid", "ui-p-up", "true");
    define("ui-p-down", "ui-p-mid", "true");
    long up = triggerAndAwait("ui-p-up", "ui-p-down", "2026-03-07");
    browser.signIn(token("ui-p-oncall", "operator"));
    browser.open("/runs/" + up);
    browser.awaitText("#waiting", "ui-p-mid");
    browser.find("#pipeline-link").click();
    browser.until(ExpectedConditions.urlContains("/runs/" + up + "/pipeline"));
    WebElement failed = browser.find("a.node[data-job='ui-p-up'][data-state='failed'] rect");
    WebElement blocked =
        browser.find("a.node[data-job='ui-p-down'][data-state='upstream_failed'] rect");
    assertThat(failed.getCssValue("fill")).isEqualTo("rgb(246, 205, 201)"); // the graph's red
    assertThat(blocked.getCssValue("fill")).isEqualTo("rgb(246, 205, 201)");
    assertThat(browser.text("#pipeline-nodes tr[data-job='ui-p-mid']")).contains("upstream");
    browser.screenshot("pipeline-failed");

    browser.find("#act-rerun-failed").click();
    String question = browser.acceptConfirm();
    assertThat(question)
        .contains("3 runs")
        .contains("run " + up + " ui-p-up (now failed)")
        .contains("ui-p-mid (now upstream_failed)")
        .contains("ui-p-down (now upstream_failed)");

    browser.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("a.node[data-job='ui-p-down'][data-state='succeeded']")));
    assertThat(browser.driver.findElements(By.id("act-rerun-failed"))).isEmpty();
    assertThat(admin.get("/api/v1/runs/" + up).json().get("attempts")).hasSize(2);
    browser.screenshot("pipeline-rerun");
  }

  @Test
  void theAttentionPageListsTheRootCauseFirstWithHowManyRunsItBlocks() {
    define("ui-a-up", null, "exit 3");
    define("ui-a-mid", "ui-a-up", "true");
    define("ui-a-down", "ui-a-mid", "true");
    triggerAndAwait("ui-a-up", "ui-a-down", "2026-03-08");
    browser.signIn(ADMIN);
    browser.open("/jobs");
    browser.driver.findElement(By.cssSelector("header nav a[href='/attention']")).click();
    String rows = "section[data-pipeline='ui-a-up'] tbody tr";
    browser.find(rows);
    var items = browser.driver.findElements(By.cssSelector(rows));
    assertThat(items.get(0).getDomAttribute("data-job")).isEqualTo("ui-a-up");
    assertThat(items.get(0).getText()).contains("root cause").contains("2 downstream");
    assertThat(items)
        .extracting(e -> e.getDomAttribute("data-job"))
        .contains("ui-a-mid", "ui-a-down");
    browser.screenshot("attention");
  }

  @Test
  void aViewerTokenSeesNoMutatingControls() {
    define("ui-viewed", null, "echo viewed");
    long run =
        admin
            .post("/api/v1/jobs/ui-viewed/runs", "{\"logicalTime\":\"2026-03-06T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    admin.awaitJson(
        "run ended", "/api/v1/runs/" + run, WAIT, r -> r.get("state").asText().equals("succeeded"));
    browser.driver.manage().deleteAllCookies();
    browser.open("/jobs");
    browser.find("#token");
    browser.screenshot("sign-in");
    browser.signIn(token("ui-reader", "viewer"));

    for (String page :
        new String[] {
          "/jobs",
          "/jobs/ui-viewed",
          "/runs/" + run,
          "/graph",
          "/runs/" + run + "/pipeline",
          "/attention"
        }) {
      browser.open(page);
      browser.find("main h1");
      assertThat(
              browser.driver.findElements(
                  By.cssSelector("[data-api], [data-save], form[data-api], a[href^='/editor']")))
          .as("mutating controls on " + page)
          .isEmpty();
      assertThat(browser.text(".who")).contains("ui-reader (viewer)");
    }
    browser.open("/jobs/ui-viewed");
    browser.screenshot("job-viewer");
    browser.open("/editor");
    browser.awaitText("#error-message", "needs admin");
  }
}
