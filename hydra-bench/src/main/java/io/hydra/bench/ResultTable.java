package io.hydra.bench;

import java.util.List;
import java.util.Optional;

/** The results as a fixed-width table, with Hydra's starts/s as a ratio to each peer's. */
public final class ResultTable {

  private ResultTable() {}

  public static String format(List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-15s %-6s %7s %10s %8s %8s %8s %9s %8s %9s %5s %5s %8s %8s %5s %6s %7s %7s%n",
            "peer",
            "work",
            "n",
            "starts/s",
            "p50ms",
            "p95ms",
            "p99ms",
            "maxms",
            "firstms",
            "drainms",
            "dup",
            "miss",
            "commit/r",
            "hop50ms",
            "warm",
            "jitms",
            "heapMB",
            "B/run"));
    for (Result r : results) {
      b.append(
          String.format(
              "%-15s %-6s %7d %10.1f %8.1f %8.1f %8.1f %9.1f %8.1f %9.1f %5d %5d %8.3f %8s %5s %6s"
                  + " %7s %7s%n",
              r.launcher() == null ? r.peer() : r.peer() + "/" + r.launcher(),
              r.workload(),
              r.n(),
              r.startsPerSec(),
              r.lagP50Ms(),
              r.lagP95Ms(),
              r.lagP99Ms(),
              r.lagMaxMs(),
              r.firstStartMs(),
              r.drainMs(),
              r.duplicates(),
              r.missing(),
              r.commitsPerRun(),
              r.hopP50Ms() == null ? "-" : String.format("%.1f", r.hopP50Ms()),
              r.warmupRounds() == null ? "-" : r.warmupRounds(),
              r.jitMs() == null ? "-" : r.jitMs(),
              r.heapUsedMb() == null ? "-" : String.format("%.0f", r.heapUsedMb()),
              r.heapBytesPerRun() == null ? "-" : String.format("%.0f", r.heapBytesPerRun())));
    }
    results.stream()
        .filter(r -> r.roundStartsPerSec() != null && r.roundStartsPerSec().size() > 1)
        .forEach(
            r ->
                b.append(
                    String.format(
                        "%s rounds: starts/s %s, p99 ms %s (the median round above)%n",
                        r.peer(), r.roundStartsPerSec(), r.roundLagP99Ms())));
    for (Result r : results) {
      String peer = r.peer() + "/" + r.launcher();
      if (r.spawnLimitPerSec() != null) {
        b.append(
            String.format(
                "%s: spawnLimitPerSec %.1f (/bin/sh -c true from %d threads, this JVM);"
                    + " starts/s / spawnLimitPerSec = %.3f%n",
                peer, r.spawnLimitPerSec(), SpawnLimit.THREADS, r.spawnRatio()));
      }
      if (r.posixSpawnLimitPerSec() != null) {
        b.append(
            String.format(
                "%s: posixSpawnLimitPerSec %.1f (the same through posix_spawn, as the launcher"
                    + " starts its wrappers); starts/s / posixSpawnLimitPerSec = %.3f%n",
                peer, r.posixSpawnLimitPerSec(), r.posixSpawnRatio()));
      }
    }
    // Each peer against Hydra at the same size: under --sizes the first Hydra result was compared
    // with every size of the peer.
    boolean sizes = results.stream().mapToInt(Result::n).distinct().count() > 1;
    for (Result r : results) {
      if (r.peer().equals("hydra")) {
        continue;
      }
      Optional<Result> hydra =
          results.stream()
              .filter(h -> h.peer().equals("hydra") && h.n() == r.n())
              .filter(h -> h.workload().equals(r.workload()))
              .findFirst();
      hydra.ifPresent(
          h ->
              b.append(
                  String.format(
                      "hydra / %s%s: starts/s x%.2f, p99 lag x%.2f%n",
                      r.peer(),
                      sizes ? " at n=" + r.n() : "",
                      ratio(h.startsPerSec(), r.startsPerSec()),
                      ratio(h.lagP99Ms(), r.lagP99Ms()))));
    }
    return b.toString();
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }
}
