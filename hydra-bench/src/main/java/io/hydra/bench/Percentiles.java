package io.hydra.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of milliseconds. */
final class Percentiles {

  private final double[] sorted;

  Percentiles(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The p-th percentile (0 < p <= 100), or 0 for an empty sample. */
  double at(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  double max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  double min() {
    return sorted.length == 0 ? 0 : sorted[0];
  }
}
