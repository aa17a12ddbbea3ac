package io.hydra.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's help and its answers to bad input: one clear line and an exit code. */
class MainTest {

  // The CLI writes to the streams it is given, so logs of servers in this JVM cannot mix in.
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dataDir;

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String stdout() {
    return out.toString();
  }

  private String stderr() {
    return err.toString();
  }

  @Test
  void helpListsTheCommandsAndTheServerFlags() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("server");
    assertThat(run("server", "--help")).isZero();
    assertThat(stdout()).contains("--data-dir", "--port", "--db-url", "--demo", "--bind");
  }

  /**
   * picocli formats every description line with {@code String.format}; a bare {@code %} (say "10%
   * of") does not fail the build, it prints "[picocli WARN] Could not format ..." on System.err
   * above the help.
   */
  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      renderHelp(new CommandLine(new Main()));
    } finally {
      System.setErr(stderr);
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void renderHelp(CommandLine command) {
    assertThat(command.getUsageMessage()).isNotBlank();
    command.getSubcommands().values().forEach(MainTest::renderHelp);
  }

  @Test
  void benchSaysInOneLineThatItShipsInItsOwnJar() {
    assertThat(run("bench", "--workload", "burst", "--n", "200")).isEqualTo(2);
    assertThat(stderr().strip()).isEqualTo(BenchStub.MESSAGE);
  }

  @Test
  void withoutBinariesForThisPlatformTheServerSaysSoInOneLineAndPointsToDbUrl() {
    String osName = System.getProperty("os.name");
    System.setProperty("os.name", "Mac OS X");
    try {
      assertThat(run("server", "--data-dir", dataDir.toString(), "--port", "0")).isEqualTo(1);
    } finally {
      System.setProperty("os.name", osName);
    }
    assertThat(stderr().strip())
        .startsWith(
            "hydra server: the embedded PostgreSQL runs only on linux-x86_64, not on darwin")
        .contains("--db-url")
        .doesNotContain("\n");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void aMalformedFlagNamesTheFlag() {
    assertThat(run("server", "--port", "eighty")).isEqualTo(2);
    assertThat(stderr()).contains("--port").contains("eighty");
  }

  @Test
  void anUnknownLauncherIsRefusedBeforeAnythingStarts() {
    assertThat(run("server", "--launcher", "yarn", "--data-dir", dataDir.toString())).isEqualTo(1);
    assertThat(stderr()).contains("--launcher").contains("yarn").doesNotContain("Exception");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void aMissingDemoJobsDirectoryIsRefusedBeforeAnythingStarts() {
    Path missing = dataDir.resolve("no-such-jobs");
    assertThat(
            run(
                "server",
                "--demo",
                "--jobs-dir",
                missing.toString(),
                "--data-dir",
                dataDir.toString()))
        .isEqualTo(1);
    assertThat(stderr())
        .contains("--jobs-dir")
        .contains("no-such-jobs")
        .doesNotContain("Exception");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void anUnreachableDatabaseIsOneLineNotAStackTrace() {
    int code =
        run(
            "server",
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/hydra",
            "--data-dir",
            dataDir.toString(),
            "--port",
            "0");
    assertThat(code).isEqualTo(1);
    assertThat(stderr())
        .startsWith("hydra server: ")
        .contains("127.0.0.1:1")
        .doesNotContain("\tat ");
  }

  @Test
  void schedulePreviewPrintsOnlyTheFireTimesWithTheirOffsets() {
    int code =
        run(
            "schedule",
            "preview",
            "30 2 * * *",
            "--tz",
            "America/New_York",
            "--from",
            "2026-03-07T12:00:00Z",
            "--count",
            "3");
    assertThat(code).isZero();
    assertThat(stdout())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "2026-03-08T03:00:00-04:00",
                "2026-03-09T02:30:00-04:00",
                "2026-03-10T02:30:00-04:00",
                ""));
  }

  @Test
  void schedulePreviewHonoursDialectAndDstFlags() {
    int code =
        run(
            "schedule",
            "preview",
            "0 30 1 * * ?",
            "--dialect",
            "quartz",
            "--tz",
            "America/New_York",
            "--from",
            "2026-10-31T12:00",
            "--count",
            "2",
            "--overlap",
            "both");
    assertThat(code).isZero();
    assertThat(stdout().lines())
        .containsExactly("2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00");
    assertThat(
            run(
                "schedule",
                "preview",
                "30 2 * * *",
                "--tz",
                "America/New_York",
                "--from",
                "2026-03-08",
                "--count",
                "1",
                "--gap",
                "skip"))
        .isZero();
    assertThat(stdout().lines()).last().isEqualTo("2026-03-09T02:30:00-04:00");
  }

  @Test
  void schedulePreviewRejectsBadInputNamingTheFlag() {
    assertThat(run("schedule", "preview", "0 30 1 * * ?")).isEqualTo(2);
    assertThat(stderr()).contains("schedule.cron").contains("dialect: quartz");
    assertThat(run("schedule", "preview", "@daily", "--tz", "Moon/Base")).isEqualTo(2);
    assertThat(stderr()).contains("schedule.timezone").contains("Moon/Base");
    assertThat(run("schedule", "preview", "@daily", "--from", "soon")).isEqualTo(2);
    assertThat(stderr()).contains("--from").contains("soon");
    assertThat(run("schedule", "preview", "@daily", "--overlap", "twice")).isEqualTo(2);
    assertThat(stderr()).contains("--overlap");
    assertThat(run("schedule", "preview", "0 0 31 2 *")).isEqualTo(2);
    assertThat(stderr()).contains("cron").contains("never fires");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void mesosFlagsAreCheckedBeforeAnythingStarts() {
    String dir = dataDir.toString();
    assertThat(run("server", "--launcher", "mesos", "--data-dir", dir)).isEqualTo(1);
    assertThat(stderr()).contains("--mesos-master").doesNotContain("Exception");
    assertThat(
            run(
                "server",
                "--launcher",
                "mesos",
                "--mesos-master",
                "ftp://m:5050",
                "--data-dir",
                dir))
        .isEqualTo(1);
    assertThat(stderr()).contains("--mesos-master: 'ftp://m:5050'");
    assertThat(
            run(
                "server",
                "--launcher",
                "mesos",
                "--mesos-master",
                "http://m:5050",
                "--mesos-failover-timeout",
                "a week",
                "--data-dir",
                dir))
        .isEqualTo(1);
    assertThat(stderr()).contains("--mesos-failover-timeout").contains("a week");
    assertThat(
            run(
                "server",
                "--launcher",
                "mesos",
                "--mesos-master",
                "http://m:5050",
                "--mesos-role",
                "/bad",
                "--data-dir",
                dir))
        .isEqualTo(1);
    assertThat(stderr()).contains("--mesos-role");
    assertThat(
            run(
                "server",
                "--launcher",
                "mesos",
                "--mesos-master",
                "http://m:5050",
                "--mesos-secret-file",
                dataDir.resolve("missing").toString(),
                "--mesos-principal",
                "p",
                "--data-dir",
                dir))
        .isEqualTo(1);
    assertThat(stderr()).contains("--mesos-secret-file");
    assertThat(stderr().lines().filter(l -> !l.isBlank())).hasSize(5);
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void helpShowsTheMesosFlags() {
    assertThat(run("server", "--help")).isZero();
    assertThat(stdout())
        .contains(
            "--mesos-master",
            "--mesos-role",
            "--mesos-principal",
            "--mesos-secret-file",
            "--mesos-failover-timeout");
  }
}
