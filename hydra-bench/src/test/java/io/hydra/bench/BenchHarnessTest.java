package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeps the harness working: every workload on every peer at a small size, with a short cron. It
 * checks completeness and the output's shape, never timings (those are in BENCHMARKS.md).
 */
class BenchHarnessTest {

  private static final int N = Integer.getInteger("bench.ci.n", 500);

  /** Small, but enough to run each peer's warm-up round before the measured one. */
  private static final int WARMUP = 20;

  private static final int ROUNDS = 2;

  /** Tasks of the local launcher's rounds: real processes, milliseconds of CPU each. */
  private static final int LOCAL_N = 100;

  private static final List<String> FIELDS =
      List.of(
          "peer",
          "workload",
          "n",
          "startsPerSec",
          "lagP50Ms",
          "lagP95Ms",
          "lagP99Ms",
          "lagMaxMs",
          "firstStartMs",
          "drainMs",
          "duplicates",
          "missing",
          "commitsPerRun",
          "heapUsedMb",
          "heapBytesPerRun");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Workload.class)
  void everyPeerStartsEveryTaskOnce(Workload workload) throws Exception {
    Path out = dir.resolve(workload.wireName() + ".json");
    String printed = run(options(workload, N, BenchOptions.ALL_PEERS, "inprocess", 2, ROUNDS, out));

    JsonNode results = new ObjectMapper().readTree(out.toFile()).get("results");
    // The warm-up rounds are run, and left out of the results.
    assertThat(results).hasSize(3);
    assertThat(printed).contains("hydra: warm-up " + workload.wireName() + " n=20, round 1");
    assertThat(printed).containsPattern("JIT compiled for \\d+ ms of its \\d+ ms");
    for (JsonNode r : results) {
      assertThat(r.get("n").asInt()).isEqualTo(N);
      FIELDS.forEach(f -> assertThat(r.has(f)).as(r.get("peer") + " has " + f).isTrue());
      assertThat(r.get("workload").asText()).isEqualTo(workload.wireName());
      assertThat(r.get("missing").asInt()).as(r.get("peer") + " missing").isZero();
      assertThat(r.get("duplicates").asInt()).as(r.get("peer") + " duplicates").isZero();
      assertThat(r.get("commitsPerRun").asDouble()).isPositive();
      assertThat(r.get("heapUsedMb").asDouble()).isPositive();
      // At most the two rounds asked for; and what the compiler did while it was measured.
      assertThat(r.get("warmupRounds").asInt()).isBetween(1, 2);
      assertThat(r.get("jitMs").asLong()).isNotNegative();
      // Every measured round is reported; the result is the lower middle one by starts/s.
      JsonNode rounds = r.get("roundStartsPerSec");
      assertThat(rounds).hasSize(ROUNDS);
      assertThat(r.get("roundLagP99Ms")).hasSize(ROUNDS);
      assertThat(r.get("startsPerSec").asDouble())
          .isEqualTo(Math.min(rounds.get(0).asDouble(), rounds.get(1).asDouble()));
    }
    assertThat(printed)
        .contains("hydra/inprocess", "db-scheduler", "quartz", "commit/r", "heapMB", "B/run");
  }

  /**
   * Hydra with its local launcher: every task a real process under the task wrapper, which costs
   * milliseconds of CPU each, so fewer of them. The sandboxes go when the bench ends.
   */
  @ParameterizedTest
  @EnumSource(Workload.class)
  void hydraWithRealProcessesStartsEveryTaskOnceAndLeavesNoSandboxes(Workload workload)
      throws Exception {
    Path out = dir.resolve(workload.wireName() + "-local.json");
    List<Path> sandboxesBefore = benchSandboxes();

    String printed = run(options(workload, LOCAL_N, List.of("hydra"), "local", 1, 1, out));

    JsonNode results = new ObjectMapper().readTree(out.toFile()).get("results");
    assertThat(results).hasSize(1);
    JsonNode r = results.get(0);
    assertThat(r.get("launcher").asText()).isEqualTo("local");
    assertThat(r.get("n").asInt()).isEqualTo(LOCAL_N);
    assertThat(r.get("missing").asInt()).isZero();
    assertThat(r.get("duplicates").asInt()).isZero();
    assertThat(printed).contains("hydra/local");
    assertThat(benchSandboxes()).containsExactlyInAnyOrderElementsOf(sandboxesBefore);
  }

  /**
   * Small rounds for CI: 4 threads, a cron of two fires 5 s apart, warm-up rounds of {@link
   * #WARMUP}.
   */
  private static BenchOptions options(
      Workload workload,
      int n,
      List<String> peers,
      String launcher,
      int warmupRounds,
      int rounds,
      Path out) {
    BenchOptions options =
        new BenchOptions(
            workload,
            n,
            peers,
            4,
            2,
            Duration.ofSeconds(5),
            launcher,
            Duration.ofMillis(100),
            Duration.ofSeconds(60),
            WARMUP,
            warmupRounds,
            rounds,
            0,
            out);
    assertThat(options.problems()).isEmpty();
    return options;
  }

  /** Runs the bench and returns what it printed (also echoed to the test's output). */
  private static String run(BenchOptions options) throws Exception {
    StringWriter printed = new StringWriter();
    new Bench(options, new PrintWriter(printed, true)).run();
    System.out.print(printed);
    return printed.toString();
  }

  /** The local launcher's task directories of bench rounds, in the temp directory. */
  private static List<Path> benchSandboxes() throws java.io.IOException {
    try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("hydra-bench-tasks"))
          .toList();
    }
  }
}
