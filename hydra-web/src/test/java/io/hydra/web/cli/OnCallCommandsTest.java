package io.hydra.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import io.hydra.store.testing.Await;
import io.hydra.web.ApiClientAccess;
import io.hydra.web.HydraServer;
import io.hydra.web.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The on-call commands (runs, logs, jobs, completion) against a real server. */
class OnCallCommandsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final TestServer SERVER = TestServer.plain();
  private static String url;
  private static ApiClientAccess api;

  @TempDir static Path work;

  @BeforeAll
  static void start() {
    HydraServer server = SERVER.server();
    url = "http://127.0.0.1:" + server.port();
    api = new ApiClientAccess(server.port());
  }

  /** One CLI call: its exit code and what it printed on each stream. */
  private record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Result hydra(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(url);
    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private static void job(String name, String command) {
    api.createJob(
        "{\"name\":\""
            + name
            + "\",\"schedule\":{\"cron\":\"0 2 * * *\"},\"concurrency\":\"allow\","
            + "\"task\":{\"command\":"
            + Json.write(Json.json().getNodeFactory().textNode(command))
            + "}}");
  }

  private static long trigger(String job, String logicalTime) {
    Result r = hydra("trigger", job, "--logical-time", logicalTime);
    assertThat(r.code()).as(r.err()).isZero();
    return Long.parseLong(r.out().split("\\s+")[1]);
  }

  private static void awaitState(long run, String state) {
    Await.until(
        "run " + run + " is " + state,
        WAIT,
        () -> hydra("why", Long.toString(run)).out().startsWith("run " + run + " is " + state));
  }

  private static HttpResponse<String> get(String uri) {
    try {
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(uri)).build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Bad input is one line naming the option, exit 2, and no stack trace. */
  private static void refused(Result r, String option) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).contains(option).doesNotContain("\n").doesNotContain("Exception");
  }

  /** A value picocli cannot convert: its own first line names the option, then the usage. */
  private static void unparsable(Result r, String option) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).contains(option);
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void runsAreListedOneALineFilteredAndAsJson() {
    job("oc-a", "true");
    job("oc-b", "true");
    assertThat(hydra("pause", "oc-a").code()).isZero(); // its runs stay queued: states are known
    long first = trigger("oc-a", "2026-03-01T02:00:00Z");
    long second = trigger("oc-a", "2026-03-02T02:00:00Z");

    Result ofA = hydra("runs", "--job", "oc-a");
    assertThat(ofA.lines())
        .containsExactly(
            "run " + second + "  oc-a @ 2026-03-02T02:00:00Z  queued  triggered",
            "run " + first + "  oc-a @ 2026-03-01T02:00:00Z  queued  triggered");
    assertThat(hydra("runs", "--job", "oc-a", "--limit", "1").lines()).hasSize(1);
    assertThat(hydra("runs", "--job", "oc-a", "--since", "2026-03-01T12:00:00Z").lines())
        .singleElement()
        .asString()
        .startsWith("run " + second + " ");
    assertThat(hydra("runs", "--job", "oc-a", "--state", "failed,killed").lines()).isEmpty();
    assertThat(hydra("runs", "--job", "oc-a", "--state", "queued, failed").lines()).hasSize(2);
    assertThat(hydra("runs", "--job", "oc-a", "--since", "7d").lines())
        .isEmpty(); // 2026-03 is past

    JsonNode json = Json.read(hydra("runs", "--job", "oc-a", "--json").out(), JsonNode.class);
    assertThat(json.isArray()).isTrue();
    assertThat(json.get(0).path("id").asLong()).isEqualTo(second);
    assertThat(json.get(1).path("reasonKind").asText()).isEqualTo("triggered");

    refused(hydra("runs", "--state", "bogus"), "--state: unknown run state 'bogus'");
    refused(hydra("runs", "--since", "yesterday"), "--since");
    refused(hydra("runs", "--limit", "0"), "--limit");
    unparsable(hydra("runs", "--limit", "many"), "--limit");
  }

  @Test
  void jobsAreListedWithTheirNextFireAndLatestState() {
    job("oc-jobs-ran", "true");
    job("oc-jobs-idle", "true");
    assertThat(hydra("pause", "oc-jobs-ran").code()).isZero();
    long run = trigger("oc-jobs-ran", "2026-03-01T02:00:00Z");

    Result r = hydra("jobs");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines())
        .contains("oc-jobs-ran  paused  last queued (run " + run + " @ 2026-03-01T02:00:00Z)")
        .anySatisfy(l -> assertThat(l).matches("oc-jobs-idle  next \\S+T02:00:00Z  last -"));
  }

  @Test
  void logsPrintAnAttemptsOutputOrItsErrors() {
    job("oc-log", "echo out-line; echo err-line >&2");
    long run = trigger("oc-log", "2026-03-01T02:00:00Z");
    awaitState(run, "succeeded");

    Result out = hydra("logs", Long.toString(run));
    assertThat(out.code()).as(out.err()).isZero();
    assertThat(out.out()).isEqualTo("out-line\n");
    assertThat(hydra("logs", Long.toString(run), "--stderr", "--attempt", "1").out())
        .isEqualTo("err-line\n");
    assertThat(hydra("logs", Long.toString(run), "--follow").out()).isEqualTo("out-line\n");

    String log = url + "/api/v1/runs/" + run + "/attempts/1/log?offset=";
    assertThat(get(log + "4").body()).as("what follows the first 4 bytes").isEqualTo("line\n");
    assertThat(get(log + "1000").body()).as("past the end: nothing new").isEmpty();
    HttpResponse<String> negative = get(log + "-1");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.body()).contains("offset");

    refused(hydra("logs", Long.toString(run), "--attempt", "0"), "--attempt");
    refused(hydra("logs", Long.toString(run), "--attempt", "2"), "attempt 2");
    refused(hydra("logs", "999999"), "999999");
    unparsable(hydra("logs", "abc"), "RUN");
  }

  @Test
  void followPrintsARunningAttemptsOutputAsItComesUntilItEnds() throws IOException {
    Path gate = work.resolve("gate");
    job("oc-follow", "echo first; while [ ! -f '" + gate + "' ]; do sleep 0.1; done; echo second");
    long run = trigger("oc-follow", "2026-03-01T02:00:00Z");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> follow =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "logs",
                    Long.toString(run),
                    "--follow",
                    "--server",
                    url));
    Await.until("the first line is printed", WAIT, () -> out.toString().contains("first"));
    assertThat(follow).as("the attempt still runs").isNotDone();
    Await.until(
        "the run's reason says its attempt runs",
        WAIT,
        () ->
            hydra("runs", "--job", "oc-follow").out().contains("running  attempt 1 running since"));

    Files.createFile(gate);
    Await.until("the follower ends with the attempt", WAIT, follow::isDone);
    assertThat(follow.join()).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("first\nsecond\n");
    assertThat(hydra("runs", "--job", "oc-follow").out()).contains("succeeded");
  }

  @Test
  void completionPrintsABashScriptThatKnowsTheCommands() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "completion", "bash");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("complete -F").contains("runs").contains("logs");

    StringWriter fishErr = new StringWriter();
    int fish =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(fishErr, true),
            "completion",
            "fish");
    refused(new Result(fish, "", fishErr.toString()), "SHELL: only bash");
  }
}
