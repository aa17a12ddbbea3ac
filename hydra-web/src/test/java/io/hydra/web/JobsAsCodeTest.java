package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate, plan, apply and export, run in-process as the CLI against a real server on a fresh
 * PostgreSQL database per test (prune acts on every job, so tests must not share one).
 */
class JobsAsCodeTest {

  @RegisterExtension final TestServer SERVER = TestServer.plain();
  @TempDir Path repo;
  private HydraServer server;
  private ApiClient api;
  private String url;

  @BeforeEach
  void start() {
    server = SERVER.server();
    api = new ApiClient(server.port());
    url = "http://127.0.0.1:" + server.port();
  }

  private Path write(String file, String text) {
    Path path = repo.resolve(file);
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  private CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private String f(String file) {
    return repo.resolve(file).toString();
  }

  private JsonNode job(String name) {
    return api.get("/api/v1/jobs/" + name).json();
  }

  private void pipelineFiles() {
    write(
        "extract.yaml",
        "name: extract\nschedule: {cron: '0 2 * * *'}\n" + "task: {command: 'echo e'}\n");
    write(
        "nested/transform.yaml",
        "name: transform\nafter: [extract]\n" + "task: {command: 'echo t'}\n");
  }

  @Test
  void validatePrintsEachProblemAsFileLineFieldMessage() {
    write("a.yaml", "name: extract\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'echo a'}\n");
    write(
        "b.yaml",
        """
        name: transform
        after:
          - extract
          - ghost
        task: {command: 'echo t'}
        ---
        # a second job in the same file
        name: bad-cron
        schedule:
          cron: "61 * * * *"
        task: {command: 'echo b'}
        """);
    write(
        "c.json",
        """
        {
          "name": "counter",
          "schedule": {"cron": "0 2 * * *"},
          "retries": {"max": "many"},
          "task": {"command": "echo c"}
        }
        """);
    write("d.yaml", "name: broken\ntask: {command: 'x'\n");
    write("e.yml", "name: extract\nschedule: {cron: '0 3 * * *'}\n");
    write(".git/config.yaml", "not: [a, job\n");

    CliRun run = cli("validate", "-f", repo.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            f("a.yaml") + ":1: name: job 'extract' is defined 2 times in this set",
            f("b.yaml") + ":4: after[1].job: unknown upstream job 'ghost'",
            f("b.yaml") + ":10: schedule.cron: ",
            f("c.json") + ":4: retries.max: 'many' is not a valid integer",
            f("d.yaml") + ":2: syntax: while parsing a flow mapping: expected ',' or '}'",
            f("e.yml") + ":1: name: job 'extract' is defined 2 times in this set",
            f("e.yml") + ":1: task: is required");
    assertThat(run.out())
        .doesNotContain(".git")
        .doesNotContain("transform:")
        .contains("7 problems found.");
  }

  @Test
  void validateAcceptsAValidTreeAndRefusesAMissingPath() {
    pipelineFiles();
    CliRun ok = cli("validate", "-f", repo.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("OK: 2 jobs in 2 files are valid.");

    CliRun single = cli("validate", "-f", f("nested/transform.yaml"));
    assertThat(single.exit()).isEqualTo(1);
    assertThat(single.out())
        .contains(f("nested/transform.yaml") + ":2: after[0].job: unknown upstream job 'extract'");

    CliRun missing = cli("validate", "-f", f("nowhere"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file or directory").doesNotContain("\tat ");
    assertThat(cli("validate").exit()).isEqualTo(1);
  }

  @Test
  void planShowsChangesApplyMakesThemAndASecondPlanShowsNone() {
    pipelineFiles();

    CliRun plan = cli("plan", "-f", repo.toString(), "--server", url);
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(2);
    assertThat(plan.out())
        .contains(
            "+ create extract",
            "+ create transform",
            "Plan: 2 to create, 0 to update, 0 to delete.");
    assertThat(api.get("/api/v1/jobs").json().get("items")).isEmpty();

    CliRun apply =
        cli("apply", "-f", repo.toString(), "--server", url, "--yes", "--source", "git:0a1b2c");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    assertThat(apply.out())
        .contains(
            "+ create extract (version 1)",
            "Applied: 2 created, 0 updated, 0 deleted (source: git:0a1b2c).");
    JsonNode version = api.get("/api/v1/jobs/transform/versions").json().get("items").get(0);
    assertThat(version.get("source").asText()).isEqualTo("git:0a1b2c");
    assertThat(version.get("author").asText()).isEqualTo("anonymous");
    assertThat(version.get("change").asText()).isEqualTo("created");

    CliRun again = cli("plan", "-f", repo.toString(), "--server", url);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("No changes");

    write(
        "extract.yaml",
        "name: extract\nschedule: {cron: '0 3 * * *'}\n"
            + "task: {command: 'echo e', env: {MODE: prod}}\n");
    CliRun changed = cli("plan", "-f", repo.toString(), "--server", url);
    assertThat(changed.exit()).isEqualTo(2);
    assertThat(changed.out())
        .contains(
            "~ update extract (version 1)",
            "    schedule.cron: \"0 2 * * *\" -> \"0 3 * * *\"",
            "    task.env.MODE: (none) -> \"prod\"",
            "= unchanged: transform");
  }

  @Test
  void applyWithoutYesShowsThePlanAndRefusesWithoutATerminal() {
    pipelineFiles();
    CliRun apply = cli("apply", "-f", repo.toString(), "--server", url);

    assertThat(apply.exit()).as(apply.toString()).isEqualTo(1);
    assertThat(apply.out()).contains("+ create extract");
    assertThat(apply.err()).contains("nothing applied", "--yes");
    assertThat(api.get("/api/v1/jobs").json().get("items")).isEmpty();
  }

  @Test
  void exportWritesFilesThatPlanBackToNoChange() throws IOException {
    assertThat(
            api.postYaml(
                    "/api/v1/jobs",
                    "name: fresh-src\nschedule: {cron: '0 2 * * *'}\n"
                        + "task: {command: 'echo f'}\n")
                .status())
        .isEqualTo(201);
    assertThat(
            api.postYaml(
                    "/api/v1/jobs",
                    """
        name: tricky
        owner: data-eng
        description: "Quotes ' and \\" and: colons, # not a comment"
        labels: {flag: "true", zip: "0123", version: "1.0"}
        schedule:
          cron: "0 0 3 ? * MON-FRI"
          dialect: quartz
          timezone: Europe/Berlin
          dst: {gap: skip, overlap: both}
          catchup: all
          startingDeadline: PT1H
        after: [{job: fresh-src, within: PT24H}]
        trigger: all_done
        concurrency: replace
        retries: {max: 3, delay: PT30S, backoff: 1.5, maxDelay: PT10M}
        timeout: PT2H
        task:
          command: 'echo "$HYDRA_LOGICAL_DATE" | tr a-z A-Z; exit 0'
          env: {EMPTY: "", NUM: "007", YES: "yes", ON: "on"}
          resources: {cpus: 0.25, mem: 64}
          uris: ["https://example.com/a.tar.gz"]
          constraints: [[rack, UNLIKE, r1]]
          container: {image: "registry.example/etl:1.4"}
        """)
                .status())
        .isEqualTo(201);
    api.postYaml(
        "/api/v1/jobs", "name: on-hold\nafter: [fresh-src]\ntask: {args: [sh, -c, 'echo h']}\n");
    assertThat(api.post("/api/v1/jobs/on-hold/pause", "{}").status()).isEqualTo(200);
    Path out = repo.resolve("exported");

    CliRun export = cli("export", "--server", url, "--out", out.toString());

    assertThat(export.exit()).as(export.toString()).isZero();
    assertThat(export.out()).contains("Exported 3 jobs to " + out);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("fresh-src.yaml", "on-hold.yaml", "tricky.yaml");
    }
    assertThat(Files.readString(out.resolve("fresh-src.yaml")))
        .startsWith("name: fresh-src\n")
        .doesNotContain("dst", "catchup", "resources", "trigger", "paused", "retries");
    assertThat(Files.readString(out.resolve("on-hold.yaml"))).contains("paused: true");

    CliRun plan = cli("plan", "-f", out.toString(), "--server", url, "--prune");
    assertThat(plan.exit()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("No changes")
        .contains("= unchanged: fresh-src, on-hold, tricky");
    CliRun validate = cli("validate", "-f", out.toString());
    assertThat(validate.exit()).as(validate.toString()).isZero();
  }

  @Test
  void pruneDeletesJobsNotInTheFilesButNeverOnesStillDependedOn() {
    pipelineFiles();
    write("old.yaml", "name: old\nschedule: {cron: '0 5 * * *'}\ntask: {command: 'echo o'}\n");
    assertThat(cli("apply", "-f", repo.toString(), "--server", url, "--yes").exit()).isZero();
    write("old.yaml", "# retired\n");

    CliRun keep = cli("plan", "-f", repo.toString(), "--server", url);
    assertThat(keep.exit()).as(keep.toString()).isZero();
    assertThat(keep.out()).contains("not in these files (kept; --prune deletes them): old");

    CliRun plan = cli("plan", "-f", repo.toString(), "--server", url, "--prune");
    assertThat(plan.exit()).isEqualTo(2);
    assertThat(plan.out())
        .contains("- delete old (version 1)", "Plan: 0 to create, 0 to update, 1 to delete.");

    CliRun prune = cli("apply", "-f", repo.toString(), "--server", url, "--prune", "--yes");
    assertThat(prune.exit()).as(prune.toString()).isZero();
    assertThat(api.get("/api/v1/jobs/old").status()).isEqualTo(404);

    // extract is left out while transform still needs it: refused at transform's line.
    write("extract.yaml", "# moved elsewhere\n");
    CliRun refused = cli("apply", "-f", repo.toString(), "--server", url, "--prune", "--yes");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            f("nested/transform.yaml")
                + ":2: after[0].job: depends on 'extract', which this apply deletes (prune)");
    assertThat(api.get("/api/v1/jobs/extract").status()).isEqualTo(200);
  }

  @Test
  void theServersGraphErrorsPointAtTheFileAndLine() {
    write("load.yaml", "name: load\nowner: x\nafter:\n  - nowhere\ntask: {command: 'echo l'}\n");

    CliRun plan = cli("plan", "-f", repo.toString(), "--server", url);

    assertThat(plan.exit()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.err())
        .contains(
            f("load.yaml") + ":4: after[0].job: unknown upstream job 'nowhere'",
            "nothing was changed");
  }

  @Test
  void anUnreachableOrMalformedServerIsOneLineAndExitOne() {
    pipelineFiles();
    CliRun down = cli("plan", "-f", repo.toString(), "--server", "http://127.0.0.1:1");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err())
        .startsWith("hydra plan: cannot reach the Hydra server at " + "http://127.0.0.1:1")
        .doesNotContain("\tat ");

    CliRun bad = cli("export", "--server", "ftp:/x", "--out", repo.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("--server: 'ftp:/x' is not a server URL");

    CliRun flag = cli("plan", "-f", repo.toString(), "--bogus");
    assertThat(flag.exit()).isEqualTo(1);
    assertThat(flag.err()).contains("--bogus");
  }

  @Test
  void theApplyApiAnswersPlansAndNamesTheJobAndFieldOfEachError() {
    ApiClient.Response dry =
        api.post(
            "/api/v1/apply",
            """
        {"jobs": [{"name": "a", "schedule": {"cron": "0 2 * * *"}, "task": {"command": "x"}}],
         "dryRun": true}""");
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().get("created").get(0).get("job").asText()).isEqualTo("a");
    assertThat(dry.json().get("revision").asText()).isNotBlank();
    assertThat(api.get("/api/v1/jobs/a").status()).isEqualTo(404);

    ApiClient.Response invalid =
        api.post(
            "/api/v1/apply",
            """
        {"jobs": [{"name": "a", "schedule": {"cron": "0 2 * * *"}, "task": {"command": "x"}},
                  {"name": "b", "after": ["a"], "task": {"command": "x"}},
                  {"name": "c", "schedule": {"cron": "0 2 * * *", "timezone": "Mars/Base"},
                   "task": {"command": "x"}}]}""");
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    JsonNode field = invalid.json().get("error").get("fields").get(0);
    assertThat(field.get("field").asText()).isEqualTo("jobs[2].schedule.timezone");
    assertThat(field.get("job").asText()).isEqualTo("c");
    assertThat(field.get("message").asText()).contains("Mars/Base");
    assertThat(api.get("/api/v1/jobs").json().get("items")).isEmpty();

    assertField(api.post("/api/v1/apply", "{}"), "jobs");
    assertField(api.post("/api/v1/apply", "{\"jobs\": {}}"), "jobs");
    assertField(api.post("/api/v1/apply", "{\"jobs\": [], \"prune\": \"yes\"}"), "prune");
    assertField(api.post("/api/v1/apply", "{\"jobs\": [], \"prune\": true}"), "jobs");
    assertField(api.post("/api/v1/apply", "{\"jobs\": [], \"force\": true}"), "force");
    assertField(api.post("/api/v1/apply", "{\"jobs\": [], \"source\": 7}"), "source");
    assertField(api.post("/api/v1/apply", "{\"jobs\": [1]}"), "jobs[0]");
    ApiClient.Response stale = api.post("/api/v1/apply", "{\"jobs\": [], \"ifRevision\": \"x\"}");
    assertThat(stale.status()).as(stale.body()).isEqualTo(409);
  }

  @Test
  void concurrentAppliesOverHttpAreNeverMixed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        for (String side : List.of("a", "b")) {
          String body =
              "{\"prune\": true, \"source\": \""
                  + side
                  + "\", \"jobs\": ["
                  + "{\"name\": \"s1\", \"schedule\": {\"cron\": \"0 2 * * *\"},"
                  + " \"task\": {\"command\": \"echo "
                  + side
                  + round
                  + "\"}},"
                  + "{\"name\": \"s2-"
                  + side
                  + "\", \"after\": [\"s1\"],"
                  + " \"task\": {\"command\": \"echo "
                  + side
                  + round
                  + "\"}}]}";
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return api.post("/api/v1/apply", body);
                  }));
        }
        go.countDown();
        for (Future<ApiClient.Response> answer : answers) {
          ApiClient.Response r = answer.get(60, TimeUnit.SECONDS);
          assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        // The last apply wins as a whole: s1 and exactly its own s2, from the same round.
        List<String> jobs = new ArrayList<>();
        api.get("/api/v1/jobs")
            .json()
            .get("items")
            .forEach(
                j ->
                    jobs.add(
                        j.get("name").asText()
                            + "="
                            + j.get("spec").get("task").get("command").asText()));
        String winner = jobs.get(0).substring("s1=echo ".length(), "s1=echo ".length() + 1);
        assertThat(jobs)
            .as("round " + round)
            .containsExactly(
                "s1=echo " + winner + round, "s2-" + winner + "=echo " + winner + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertField(ApiClient.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").get("fields").get(0).get("field").asText())
        .as(r.body())
        .isEqualTo(field);
  }
}
