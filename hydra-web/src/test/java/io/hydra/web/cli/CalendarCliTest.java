package io.hydra.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calendars in the offline commands: the preview marks excluded fires, validate names fields. */
class CalendarCliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void previewMarksFiresOnExcludedDatesAndOthersStayBare() throws IOException {
    Path holidays =
        write("h.yaml", "kind: calendar\nname: holidays\ndates: [2027-12-24, 2027-12-27]\n");

    int code =
        run(
            "schedule",
            "preview",
            "0 9 * * *",
            "--from",
            "2027-12-23T12:00:00Z",
            "--count",
            "4",
            "--calendar",
            holidays.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "2027-12-24T09:00:00Z  skipped: calendar holidays",
            "2027-12-25T09:00:00Z",
            "2027-12-26T09:00:00Z",
            "2027-12-27T09:00:00Z  skipped: calendar holidays");
  }

  @Test
  void onlyOnSkipsWeekendsAndTheCalendarsDates() throws IOException {
    Path holidays = write("h.yaml", "kind: calendar\nname: uk\ndates: [2027-12-27]\n");

    run(
        "schedule",
        "preview",
        "0 9 * * *",
        "--from",
        "2027-12-24T12:00:00Z",
        "--count",
        "4",
        "--only-on",
        holidays.toString());

    assertThat(out.toString().lines())
        .containsExactly(
            "2027-12-25T09:00:00Z  skipped: onlyOn uk",
            "2027-12-26T09:00:00Z  skipped: onlyOn uk",
            "2027-12-27T09:00:00Z  skipped: onlyOn uk",
            "2027-12-28T09:00:00Z");
  }

  @Test
  void validateNamesAnUnknownCalendarAndAcceptsOneInTheSet() throws IOException {
    write(
        "job.yaml",
        "name: j\nschedule:\n  - {cron: '0 1 * * *'}\n  - {cron: '0 2 * * *', calendar: freeze}\n"
            + "task: {command: 'true'}\n");

    assertThat(run("validate", "-f", dir.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("schedule[1].calendar")
        .contains("unknown calendar 'freeze'");

    write("freeze.yaml", "kind: calendar\nname: freeze\ndates: [2027-01-29]\n");
    assertThat(run("validate", "-f", dir.toString())).isZero();
    assertThat(out.toString()).contains("OK: 1 jobs and 1 calendars in 2 files are valid.");
  }
}
