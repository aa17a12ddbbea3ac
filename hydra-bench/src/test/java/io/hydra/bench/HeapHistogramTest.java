package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the DiagnosticCommand's class histogram: its text, and this JVM's. */
class HeapHistogramTest {

  @Test
  void readsTheLargestClassesFromTheText() {
    String text =
        """
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        123456       98765432  [B (java.base@17.0.15)
           2:          2000         640000  java.lang.String (java.base@17.0.15)
           3:            10            320  io.hydra.core.job.JobSpec
        Total        125466       99405752
        """;

    assertThat(HeapHistogram.parse(text, 2))
        .containsExactly(
            new HeapHistogram.Entry("[B", 123456, 98765432),
            new HeapHistogram.Entry("java.lang.String", 2000, 640000));
  }

  @Test
  void readsThisJvm() throws Exception {
    List<HeapHistogram.Entry> top = HeapHistogram.top(5);

    assertThat(top).hasSize(5);
    assertThat(top.get(0).bytes()).isGreaterThanOrEqualTo(top.get(4).bytes()).isPositive();
  }
}
