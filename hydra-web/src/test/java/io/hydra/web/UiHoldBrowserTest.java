package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** An operator holds a run from its page in real headless chromium, then releases it. */
class UiHoldBrowserTest {

  private static final String ADMIN = "ui-hold-admin-secret";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN));

  private static ApiClient admin;
  private static Browser browser;

  @BeforeAll
  static void start() {
    Browser.assumeAvailable();
    admin = new ApiClient(SERVER.server().port(), ADMIN);
    browser = new Browser(SERVER.server().port());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void holdARunFromItsPageSoItDoesNotStartThenReleaseIt() {
    ApiClient.Response created =
        admin.post(
            "/api/v1/jobs",
            "{\"name\":\"ui-hold\",\"owner\":\"ops\",\"task\":{\"command\":\"true\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    admin.post("/api/v1/jobs/ui-hold/pause", "");
    long id =
        admin
            .post("/api/v1/jobs/ui-hold/runs", "{\"logicalTime\":\"2026-03-05T02:00:00Z\"}")
            .json()
            .get("id")
            .asLong();
    ApiClient.Response token =
        admin.post("/api/v1/tokens", "{\"name\":\"ui-holder\",\"role\":\"operator\"}");
    browser.signIn(token.json().get("token").asText());
    browser.open("/runs/" + id);
    browser.awaitText("#run-state", "queued");

    browser.find("#act-hold").click();
    assertThat(browser.acceptConfirm()).contains("does not start until released");
    browser.until(ExpectedConditions.presenceOfElementLocated(By.id("held")));
    assertThat(browser.text("#held")).startsWith("held by ui-holder since");
    assertThat(browser.text("#why")).contains("held by ui-holder");
    browser.screenshot("run-held");

    admin.post("/api/v1/jobs/ui-hold/resume", "");
    JsonNode run = admin.get("/api/v1/runs/" + id).json();
    assertThat(run.get("held").asBoolean()).isTrue();
    assertThat(run.get("state").asText()).isEqualTo("queued");

    browser.find("#act-release").click();
    browser.acceptConfirm();
    browser.until(ExpectedConditions.attributeToBe(By.id("run-state"), "data-state", "succeeded"));
    List<String> byHolder = new ArrayList<>();
    admin
        .get("/api/v1/audit?job=ui-hold")
        .json()
        .get("items")
        .forEach(
            e -> {
              if (e.get("actor").asText().equals("ui-holder")) {
                byHolder.add(e.get("action").asText());
              }
            });
    assertThat(byHolder)
        .containsExactly("POST /api/v1/runs/{id}/release", "POST /api/v1/runs/{id}/hold");
  }
}
