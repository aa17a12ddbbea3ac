package io.hydra.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/** hydra-bench.jar's command line: the help, and one clear line and exit 2 for bad input. */
class BenchMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    return BenchMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsEveryFlagOfTheBench() {
    assertThat(run("bench", "--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: hydra bench")
        .contains("--workload", "--n", "--peers", "--threads", "--fires", "--period-seconds")
        .contains("--minutes", "--launcher", "--poll-ms", "--timeout-seconds", "--warmup")
        .contains("--warmup-rounds", "--rounds", "--out", "--sizes", "--plot", "--chain");
  }

  /** A bare % in a description prints "[picocli WARN] Could not format ..." above the help. */
  @Test
  void helpRendersWithoutPicocliWarnings() {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      CommandLine main = new CommandLine(new BenchMain());
      assertThat(main.getUsageMessage()).isNotBlank();
      assertThat(main.getSubcommands().get("bench").getUsageMessage()).isNotBlank();
    } finally {
      System.setErr(stderr);
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  @Test
  void anUnknownWorkloadIsOneLineNamingTheFlag() {
    assertThat(run("bench", "--workload", "nope", "--n", "10")).isEqualTo(2);
    assertThat(err.toString()).startsWith("hydra bench: --workload: ").doesNotContain("\tat ");
  }

  @Test
  void aMalformedOrMissingFlagIsAUsageError() {
    assertThat(run("bench", "--workload", "burst", "--n", "many")).isEqualTo(2);
    assertThat(err.toString()).contains("--n").contains("many");
    assertThat(run("bench")).isEqualTo(2);
    assertThat(err.toString()).contains("--workload");
  }

  @Test
  void aSizeTheWorkloadCannotTakeIsNamedUnderSizes() {
    assertThat(run("bench", "--workload", "dag", "--sizes", "100,5")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("hydra bench: --sizes: the dag workload needs at least 10")
        .doesNotContain("\tat ");
  }

  @Test
  void aNegativeChainIsRefusedNamingTheFlag() {
    assertThat(run("bench", "--workload", "dag", "--n", "100", "--chain", "-1")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("hydra bench: --chain: must be 0 (n/10) or more, got -1")
        .doesNotContain("\tat ");
  }

  /** --sizes with --plot and --out, end to end and small: every size carries its heap figure. */
  @Test
  void sizesWriteOneJsonAndAPlotWithTheHeapOfEachSize() throws Exception {
    Path json = dir.resolve("sizes.json");
    Path svg = dir.resolve("sizes.svg");

    int code =
        run(
            "bench",
            "--workload",
            "burst",
            "--peers",
            "hydra",
            "--sizes",
            "50,100",
            "--warmup",
            "0",
            "--rounds",
            "1",
            "--threads",
            "2",
            "--out",
            json.toString(),
            "--plot",
            svg.toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
    assertThat(results).hasSize(2);
    for (JsonNode r : results) {
      assertThat(r.get("heapUsedMb").asDouble()).isPositive();
      assertThat(r.has("heapBytesPerRun")).isTrue();
    }
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength()).as("three panels").isEqualTo(3);
    assertThat(out.toString()).contains("how cost grows with n:", "heapMB");

    // The same plot drawn later from the JSON alone.
    Path again = dir.resolve("again.svg");
    assertThat(run("plot", "--from", json.toString(), "--plot", again.toString()))
        .as(err.toString())
        .isZero();
    assertThat(Files.readString(again)).isEqualTo(Files.readString(svg));
  }

  @Test
  void aPlotFromAFileThatHoldsNoResultsNamesTheFlag() throws Exception {
    Path notResults = Files.writeString(dir.resolve("other.json"), "{\"jobs\": []}");
    String svg = dir.resolve("x.svg").toString();
    assertThat(run("plot", "--from", notResults.toString(), "--plot", svg)).isEqualTo(2);
    assertThat(run("plot", "--from", dir.resolve("missing.json").toString(), "--plot", svg))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("hydra plot: --from: " + notResults + " has no results")
        .contains("hydra plot: --from: cannot read")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("x.svg")).doesNotExist();
  }
}
