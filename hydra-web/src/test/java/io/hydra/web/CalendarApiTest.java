package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calendars and several schedules over HTTP on a real server: bad input is a 400 naming the field
 * and changes nothing, a calendar in use cannot be deleted, apply takes {@code kind: calendar}.
 */
class CalendarApiTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static ApiClient api;

  @BeforeAll
  static void start() {
    HydraServer server = SERVER.server();
    api = new ApiClient(server.port());
  }

  private static String fields(ApiClient.Response r) {
    return r.json().at("/error/fields").toString();
  }

  @Test
  void aJobNamingAnUnknownCalendarIsA400NamingTheFieldAndNothingIsCreated() {
    ApiClient.Response r =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"cal-unknown\",\"schedule\":[{\"cron\":\"0 1 * * *\"},"
                + "{\"cron\":\"0 2 * * *\",\"onlyOn\":\"nope\"}],\"task\":{\"command\":\"true\"}}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(fields(r)).contains("schedule[1].onlyOn").contains("unknown calendar 'nope'");
    assertThat(api.get("/api/v1/jobs/cal-unknown").status()).isEqualTo(404);
  }

  @Test
  void aBadScheduleInAListNamesItsIndex() {
    ApiClient.Response r =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"cal-badcron\",\"schedule\":[{\"cron\":\"0 1 * * *\"},"
                + "{\"cron\":\"99 2 * * *\"}],\"task\":{\"command\":\"true\"}}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(fields(r)).contains("schedule[1].cron");
  }

  @Test
  void aCalendarIsPutReadUsedAndOnlyDeletedOnceNoJobNamesIt() {
    ApiClient.Response bad = api.put("/api/v1/calendars/cal-x", "{\"dates\":[\"2027-13-01\"]}");
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(fields(bad)).contains("dates[0]");
    assertThat(api.get("/api/v1/calendars/cal-x").status()).isEqualTo(404);

    ApiClient.Response created =
        api.put(
            "/api/v1/calendars/cal-x",
            "{\"kind\":\"calendar\",\"dates\":[\"2027-12-25\",\"2027-01-01\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("dates").toString()).isEqualTo("[\"2027-01-01\",\"2027-12-25\"]");

    ApiClient.Response job =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"cal-user\",\"schedule\":{\"cron\":\"0 1 * * *\",\"calendar\":\"cal-x\"},"
                + "\"task\":{\"command\":\"true\"}}");
    assertThat(job.status()).as(job.body()).isEqualTo(201);
    assertThat(job.json().at("/spec/schedule/calendar").asText()).isEqualTo("cal-x");

    ApiClient.Response refused = api.delete("/api/v1/calendars/cal-x");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().at("/error/message").asText()).contains("'cal-user'");

    assertThat(api.delete("/api/v1/jobs/cal-user").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/calendars/cal-x").status()).isEqualTo(204);
  }

  @Test
  void exportWritesCalendarsAndSchedulesThatPlanAndValidateBackUnchanged(@TempDir Path out)
      throws IOException {
    assertThat(api.put("/api/v1/calendars/cal-export", "{\"dates\":[\"2027-12-24\"]}").status())
        .isEqualTo(201);
    ApiClient.Response job =
        api.postYaml(
            "/api/v1/jobs",
            "name: cal-export-job\nschedule:\n  - {cron: '0 9 * * *', timezone: UTC,"
                + " calendar: cal-export}\n  - {cron: '0 17 * * 5'}\ntask: {command: 'true'}\n");
    assertThat(job.status()).as(job.body()).isEqualTo(201);
    String url = "http://127.0.0.1:" + SERVER.server().port();

    CliRun export = CliRun.of("export", "--server", url, "--out", out.toString());

    assertThat(export.exit()).as(export.toString()).isZero();
    assertThat(Files.readString(out.resolve("calendars/cal-export.yaml")))
        .contains("kind: calendar")
        .contains("2027-12-24");
    assertThat(Files.readString(out.resolve("cal-export-job.yaml")))
        .contains("calendar: cal-export")
        .doesNotContain("timezone"); // a default, left out in a list as in one schedule
    CliRun plan = CliRun.of("plan", "-f", out.toString(), "--server", url, "--prune");
    assertThat(plan.exit()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("No changes");
    CliRun validate = CliRun.of("validate", "-f", out.toString());
    assertThat(validate.exit()).as(validate.toString()).isZero();
  }

  @Test
  void thePreviewNamesAnUnknownCalendarAndAPutNamesAMismatchedName() {
    ApiClient.Response preview =
        api.post("/api/v1/schedule/preview", "{\"cron\":\"0 9 * * *\",\"onlyOn\":\"nope\"}");
    assertThat(preview.status()).as(preview.body()).isEqualTo(400);
    assertThat(fields(preview)).contains("\"onlyOn\"").contains("unknown calendar 'nope'");

    ApiClient.Response put =
        api.put("/api/v1/calendars/cal-path", "{\"name\":\"cal-body\",\"dates\":[]}");
    assertThat(put.status()).as(put.body()).isEqualTo(400);
    assertThat(fields(put)).contains("\"name\"");
    assertThat(api.get("/api/v1/calendars/cal-path").status()).isEqualTo(404);
  }

  @Test
  void planAndApplyFromFilesCreateTheCalendarBesideTheJob(@TempDir Path repo) throws IOException {
    Files.createDirectories(repo.resolve("calendars"));
    Files.writeString(
        repo.resolve("calendars/cli-freeze.yaml"),
        "kind: calendar\nname: cli-freeze\ndates: [2027-01-29]\n");
    Files.writeString(
        repo.resolve("cli-job.yaml"),
        "name: cli-cal-job\nschedule: {cron: '0 1 * * *', calendar: cli-freeze}\n"
            + "task: {command: 'true'}\n");
    String url = "http://127.0.0.1:" + SERVER.server().port();

    CliRun plan = CliRun.of("plan", "-f", repo.toString(), "--server", url);
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(2); // 2: there are changes
    assertThat(plan.out())
        .contains("Plan for 1 jobs and 1 calendars against")
        .contains("+ create calendar cli-freeze")
        .contains("Plan: 1 calendar changed, 1 to create");

    CliRun apply = CliRun.of("apply", "-f", repo.toString(), "--server", url, "--yes");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    assertThat(api.get("/api/v1/calendars/cli-freeze").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/jobs/cli-cal-job").status()).isEqualTo(200);
  }

  @Test
  void planNamesTheFileLineAndFieldOfAnUnknownCalendar(@TempDir Path repo) throws IOException {
    Path file = repo.resolve("ghost.yaml");
    Files.writeString(
        file,
        "name: cli-ghost\nschedule:\n  cron: '0 1 * * *'\n  onlyOn: ghost-cal\n"
            + "task: {command: 'true'}\n");
    String url = "http://127.0.0.1:" + SERVER.server().port();

    CliRun plan = CliRun.of("plan", "-f", repo.toString(), "--server", url);

    assertThat(plan.exit()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.out() + plan.err())
        .contains(file + ":4: schedule.onlyOn: unknown calendar 'ghost-cal'");
    assertThat(api.get("/api/v1/jobs/cli-ghost").status()).isEqualTo(404);
  }

  @Test
  void applyTakesCalendarDocumentsBesideJobs() {
    String body =
        "{\"jobs\":[{\"kind\":\"calendar\",\"name\":\"cal-applied\",\"dates\":[\"2027-05-31\"]},"
            + "{\"kind\":\"job\",\"name\":\"cal-applied-job\","
            + "\"schedule\":{\"cron\":\"0 1 * * *\",\"onlyOn\":\"cal-applied\"},"
            + "\"task\":{\"command\":\"true\"}}]}";

    ApiClient.Response r = api.post("/api/v1/apply", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode plan = r.json();
    assertThat(plan.at("/calendars/0/change").asText()).isEqualTo("created");
    assertThat(plan.at("/created/0/job").asText()).isEqualTo("cal-applied-job");
    assertThat(api.get("/api/v1/calendars/cal-applied").status()).isEqualTo(200);
  }
}
