package io.hydra.bench;

import java.util.Locale;

/** What a benchmark asks of each scheduler. */
public enum Workload {
  /** N one-shot no-op runs, inserted ahead, all due at one instant. */
  BURST,
  /** N jobs on a fixed period (every minute by default) for a few fires; each fires once. */
  CRON,
  /** One root with N direct dependents and a chain of N/10: fan-out and per-hop latency. */
  DAG;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
