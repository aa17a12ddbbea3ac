package io.hydra.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import io.hydra.web.HydraServer;
import io.hydra.web.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator commands of the CLI against a real server. */
class ClientCommandsTest {

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static HydraServer server;
  private static String url;

  // The CLI writes to the streams it is given, so logs of servers in this JVM cannot mix in.
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() {
    server = SERVER.server();
    url = "http://127.0.0.1:" + server.port();
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** Runs the CLI; returns its exit code and leaves only this call's output in the buffers. */
  private int hydra(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(url);
    return run(all.toArray(String[]::new));
  }

  private String stdout() {
    return out.toString();
  }

  private String stderr() {
    return err.toString();
  }

  private long runId() {
    return Long.parseLong(stdout().split("\\s+")[1]);
  }

  private void awaitState(long run, String state) {
    Await.until(
        "run " + run + " is " + state,
        Duration.ofSeconds(60),
        () -> {
          hydra("why", Long.toString(run));
          return stdout().startsWith("run " + run + " is " + state);
        });
  }

  @Test
  void operatorsTriggerPauseExplainRerunAndKillFromTheCommandLine() throws Exception {
    var api = new io.hydra.web.ApiClientAccess(server.port());
    api.createJob(
        "{\"name\":\"cli-up\",\"schedule\":{\"cron\":\"0 2 * * *\"},"
            + "\"task\":{\"command\":\"test \\\"$HYDRA_PARAM_OK\\\" = yes\"}}");
    api.createJob(
        "{\"name\":\"cli-down\",\"after\":[\"cli-up\"]," + "\"task\":{\"command\":\"true\"}}");

    assertThat(hydra("pause", "cli-up")).isZero();
    assertThat(stdout()).contains("job cli-up paused");
    assertThat(hydra("trigger", "cli-up", "--logical-time", "2026-03-01T02:00:00Z")).isZero();
    long up = runId();
    assertThat(hydra("why", Long.toString(up))).isZero();
    assertThat(stdout()).contains("is queued").contains("paused:");
    assertThat(hydra("resume", "cli-up")).isZero();
    awaitState(up, "failed");

    // Paused, so the answer's state cannot race the engine starting the re-run.
    assertThat(hydra("pause", "cli-up")).isZero();
    assertThat(hydra("rerun", Long.toString(up), "--downstream", "--param", "OK=yes")).isZero();
    assertThat(stdout())
        .contains("cli-up @ 2026-03-01T02:00:00Z  queued")
        .contains("cli-down @ 2026-03-01T02:00:00Z  waiting");
    assertThat(hydra("resume", "cli-up")).isZero();
    awaitState(up, "succeeded");

    assertThat(hydra("skip", Long.toString(up))).isEqualTo(2);
    assertThat(stderr()).contains("hydra skip: ").contains("succeeded");
    assertThat(hydra("kill", "999999")).isEqualTo(2);
    assertThat(stderr()).contains("999999");
    assertThat(hydra("trigger", "cli-up", "--logical-time", "yesterday")).isEqualTo(2);
    assertThat(stderr()).contains("--logical-time");
    assertThat(
            hydra(
                "backfill",
                "cli-up",
                "--from",
                "2026-01-01T00:00:00Z",
                "--to",
                "2026-01-02T23:00:00Z",
                "--parallelism",
                "2"))
        .isZero();
    assertThat(stdout()).contains("2 fire times");
  }

  @Test
  void operatorsHoldAndReleaseARunAndTriggerWithAPriority() throws Exception {
    var api = new io.hydra.web.ApiClientAccess(server.port());
    api.createJob("{\"name\":\"cli-hold\",\"owner\":\"ops\",\"task\":{\"command\":\"true\"}}");
    assertThat(hydra("pause", "cli-hold")).isZero(); // so the run waits queued for the hold
    assertThat(
            hydra(
                "trigger", "cli-hold", "--logical-time", "2026-03-01T02:00:00Z", "--priority", "7"))
        .isZero();
    long run = runId();
    assertThat(hydra("hold", Long.toString(run))).isZero();
    assertThat(stdout()).contains("queued (held by ").contains("held by ");
    assertThat(hydra("resume", "cli-hold")).isZero();
    assertThat(hydra("why", Long.toString(run))).isZero();
    assertThat(stdout()).contains("held: held by ").contains("it does not start until released");
    assertThat(hydra("hold", Long.toString(run))).isEqualTo(2);
    assertThat(stderr()).contains("hydra hold: ").contains("held already");

    assertThat(hydra("release", Long.toString(run))).isZero();
    awaitState(run, "succeeded");
    assertThat(hydra("release", Long.toString(run))).isEqualTo(2);
    assertThat(stderr()).contains("run is not held");
    assertThat(hydra("trigger", "cli-hold", "--priority", "5000")).isEqualTo(2);
    assertThat(stderr()).contains("priority").contains("between -1000 and 1000");
  }

  @Test
  void anOperatorRetriesAFailedPipelineFromTheCommandLine() {
    var api = new io.hydra.web.ApiClientAccess(server.port());
    api.createJob("{\"name\":\"cli-retry\",\"task\":{\"command\":\"exit 3\"}}");
    assertThat(hydra("trigger", "cli-retry", "--logical-time", "2026-03-01T02:00:00Z")).isZero();
    long id = runId();
    awaitState(id, "failed");

    // Paused, so the retried run stays queued and the second retry finds it active.
    assertThat(hydra("pause", "cli-retry")).isZero();
    assertThat(hydra("retry-pipeline", Long.toString(id))).as(stderr()).isZero();
    assertThat(stdout())
        .startsWith("pipeline retry 1 of 'cli-retry' at 2026-03-01T02:00:00Z")
        .contains("cli-retry @ 2026-03-01T02:00:00Z  queued");
    assertThat(hydra("retry-pipeline", Long.toString(id))).isEqualTo(2);
    assertThat(stderr()).contains("has not ended: cli-retry (queued)");
    assertThat(hydra("resume", "cli-retry")).isZero();
    awaitState(id, "failed");
  }

  @Test
  void anUnreachableServerIsOneClearLine() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(run("why", "1", "--server", "http://127.0.0.1:1")).isEqualTo(1);
    assertThat(stderr()).contains("hydra why: cannot reach the Hydra server at");
  }
}
