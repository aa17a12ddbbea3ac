package io.hydra.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the scale workload working at a small size: a whole server on N jobs. It checks the
 * output's shape, never timings (those are in BENCHMARKS.md).
 */
class ScaleBenchTest {

  private static final List<String> FIELDS =
      List.of(
          "n",
          "insertMs",
          "startMs",
          "heapAfterStartMb",
          "heapBeforeStartMb",
          "heapBytesPerJob",
          "heapTop",
          "listClients",
          "listRequests",
          "listP50Ms",
          "listP99Ms",
          "listFirstRoundP99Ms",
          "validatedJobs",
          "validateMs",
          "applyJobs",
          "applyEdges",
          "applyMs",
          "applyValidateMs",
          "applyReadMs",
          "applyReloadMs",
          "applyFirstMs",
          "applyFirstValidateMs");

  @TempDir Path dir;

  @Test
  void measuresStartHeapListAndValidation() throws Exception {
    Path out = dir.resolve("scale.json");
    StringWriter printed = new StringWriter();

    new ScaleBench(2_000, 2, out, new PrintWriter(printed, true)).run();

    JsonNode result = new ObjectMapper().readTree(out.toFile()).get("results").get(0);
    FIELDS.forEach(field -> assertThat(result.has(field)).as(field).isTrue());
    assertThat(result.get("n").asInt()).isEqualTo(2_000);
    assertThat(result.get("listRequests").asInt())
        .isEqualTo(ScaleBench.CLIENTS * ScaleBench.REQUESTS_PER_CLIENT);
    assertThat(result.get("validatedJobs").asInt()).isEqualTo(2_000);
    assertThat(printed.toString()).contains("startMs=");
    // At most the two warm-up rounds asked for, and what the compiler did while it was measured.
    assertThat(result.get("listWarmupRounds").asInt()).isBetween(1, 2);
    assertThat(result.get("listWarmupRequests").asInt())
        .isEqualTo(
            result.get("listWarmupRounds").asInt()
                * ScaleBench.CLIENTS
                * ScaleBench.WARMUP_PER_CLIENT);
    assertThat(result.get("listFirstRoundP99Ms").asDouble()).isPositive();
    assertThat(result.get("listJitMs").asLong()).isNotNegative();
    // The apply changed every job of its set (all 2,000 here), nine in ten keeping an upstream;
    // its graph check is a part of it.
    assertThat(result.get("applyJobs").asInt()).isEqualTo(2_000);
    assertThat(result.get("applyEdges").asInt()).isEqualTo(1_800);
    assertThat(result.get("applyValidateMs").asDouble())
        .isPositive()
        .isLessThan(result.get("applyMs").asDouble());
    // Where the heap goes: per job, and the largest classes with their bytes.
    assertThat(result.get("heapBytesPerJob").asLong()).isPositive();
    JsonNode top = result.get("heapTop");
    assertThat(top.size()).isEqualTo(ScaleBench.HEAP_TOP);
    assertThat(top.get(0).get("class").asText()).isNotBlank();
    assertThat(top.get(0).get("mb").asDouble()).isPositive();
    assertThat(top.get(0).get("bytesPerJob").asLong())
        .isGreaterThanOrEqualTo(top.get(1).get("bytesPerJob").asLong());
    assertThat(printed.toString()).contains("heap after start by class", "applyValidateMs=");
  }

  @Test
  void theChangedJobsAreDistinctSpreadAndMostlyDependents() {
    for (int n : new int[] {2_000, 15_000, 100_000, 1_000_000}) {
      List<Integer> changed = new ScaleApply(n).changedIndexes();
      assertThat(changed)
          .as("n=%d", n)
          .hasSize(Math.min(n, ScaleApply.CHANGED))
          .doesNotHaveDuplicates();
      assertThat(changed).allMatch(i -> i >= 0 && i < n);
      assertThat(changed.stream().filter(i -> i % 10 != 0).count())
          .isEqualTo(changed.size() * 9L / 10);
    }
    assertThat(new ScaleApply(1_000_000).changedIndexes()).contains(999_909);
  }
}
