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
          "listClients",
          "listRequests",
          "listP50Ms",
          "listP99Ms",
          "listFirstRoundP99Ms",
          "validatedJobs",
          "validateMs");

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
  }
}
