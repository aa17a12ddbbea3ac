package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The growth plot: well-formed SVG with one line per peer and workload, a point per size. */
class PlotTest {

  private static Result result(String peer, int n, double startsPerSec, double commits) {
    return result(peer, n, startsPerSec, commits, 100.0 + n / 1000.0);
  }

  private static Result result(
      String peer, int n, double startsPerSec, double commits, Double heapMb) {
    return Result.builder(peer, "burst", n)
        .startsPerSec(startsPerSec)
        .lagP50Ms(1)
        .lagP95Ms(2)
        .lagP99Ms(3)
        .lagMaxMs(4)
        .firstStartMs(5)
        .drainMs(6)
        .duplicates(0)
        .missing(0)
        .commitsPerRun(commits)
        .warmupRounds(1)
        .jitMs(0L)
        .roundStartsPerSec(List.of(startsPerSec))
        .roundLagP99Ms(List.of(3.0))
        .heapUsedMb(heapMb)
        .heapBytesPerRun(heapMb == null ? null : 1000.0)
        .build();
  }

  @Test
  void eachPeerIsALineWithAPointPerSize() throws Exception {
    String svg =
        Plot.svg(
            List.of(
                result("hydra", 1000, 9000, 0.06),
                result("hydra", 10000, 20000, 0.05),
                result("hydra", 100000, 21000, 0.05),
                result("db-scheduler", 1000, 4000, 1.0),
                result("db-scheduler", 10000, 8000, 1.0)));
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength())
        .as("three panels (starts/s, commits, heap), two series each")
        .isEqualTo(6);
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(3 * (3 + 2));
    assertThat(svg)
        .contains("hydra burst")
        .contains("db-scheduler burst")
        .contains("100k")
        .contains("heap MB after the round");
  }

  @Test
  void resultsWithoutAHeapFigureAreLeftOutOfTheHeapPanelOnly() throws Exception {
    String svg =
        Plot.svg(
            List.of(
                result("hydra", 1000, 9000, 0.06, 120.0),
                result("hydra", 10000, 20000, 0.05, 180.0),
                result("quartz", 1000, 300, 1.4, null),
                result("quartz", 10000, 350, 1.4, null)));
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2 + 2 + 1);
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(4 + 4 + 2);
    assertThat(svg).doesNotContain("NaN");
  }
}
