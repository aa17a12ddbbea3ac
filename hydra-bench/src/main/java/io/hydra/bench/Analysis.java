package io.hydra.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns what the task bodies recorded into a {@link Result}. */
final class Analysis {

  private Analysis() {}

  /** What one peer's run produced, besides the recorder. */
  record Run(String peer, BenchOptions options, int expected, Set<Long> dueWindow, long commits) {}

  static Result of(Run run, Recorder recorder) {
    return run.options().workload() == Workload.DAG ? dag(run, recorder) : timed(run, recorder);
  }

  /** burst and cron: every start has its own due instant. */
  private static Result timed(Run run, Recorder recorder) {
    Map<String, Recorder.Start> first = new HashMap<>();
    int inWindow = 0;
    for (Recorder.Start s : recorder.starts()) {
      if (run.dueWindow() != null && !run.dueWindow().contains(s.dueMicros())) {
        continue; // a cron fire before or after the measured window
      }
      inWindow++;
      first.merge(s.key(), s, (a, b) -> a.atMicros() <= b.atMicros() ? a : b);
    }
    Map<Long, Long> lastByDue = new HashMap<>();
    double[] lags = new double[first.size()];
    int i = 0;
    for (Recorder.Start s : first.values()) {
      lags[i++] = ms(s.atMicros() - s.dueMicros());
      lastByDue.merge(s.dueMicros(), s.atMicros(), Math::max);
    }
    double drainSum = 0;
    double drainMax = 0;
    for (Map.Entry<Long, Long> wave : lastByDue.entrySet()) {
      double drain = ms(wave.getValue() - wave.getKey());
      drainSum += Math.max(drain, 0.001);
      drainMax = Math.max(drainMax, drain);
    }
    Percentiles p = new Percentiles(lags);
    return result(
        run, first.size(), inWindow - first.size(), p, drainSum, drainMax, null, null, null);
  }

  /** dag: dependents are due when the root's task body ends; chain hops from end to start. */
  private static Result dag(Run run, Recorder recorder) {
    Map<String, Recorder.Start> first = new HashMap<>();
    List<Recorder.Start> all = recorder.starts();
    for (Recorder.Start s : all) {
      first.merge(s.key(), s, (a, b) -> a.atMicros() <= b.atMicros() ? a : b);
    }
    Long rootEnd = recorder.endOf(Nodes.ROOT);
    List<Double> lags = new ArrayList<>();
    double last = 0;
    for (Recorder.Start s : first.values()) {
      if (rootEnd != null && s.key().startsWith(Nodes.DEPENDENT)) {
        double lag = ms(s.atMicros() - rootEnd);
        lags.add(lag);
        last = Math.max(last, lag);
      }
    }
    List<Double> hops = new ArrayList<>();
    Double chainMs = null;
    int chain = run.options().chainLength();
    for (int k = 1; k <= chain; k++) {
      Recorder.Start s = first.get(Nodes.chain(k));
      Long previousEnd = recorder.endOf(k == 1 ? Nodes.ROOT : Nodes.chain(k - 1));
      if (s != null && previousEnd != null) {
        hops.add(ms(s.atMicros() - previousEnd));
        if (k == chain && rootEnd != null) {
          chainMs = round(ms(s.atMicros() - rootEnd));
        }
      }
    }
    Percentiles p = new Percentiles(lags.stream().mapToDouble(Double::doubleValue).toArray());
    Percentiles h = new Percentiles(hops.stream().mapToDouble(Double::doubleValue).toArray());
    return result(
        run,
        first.size(),
        all.size() - first.size(),
        p,
        Math.max(last, 0.001),
        last,
        round(h.at(50)),
        round(h.at(95)),
        chainMs);
  }

  private static Result result(
      Run run,
      int distinct,
      int duplicates,
      Percentiles lag,
      double drainSumMs,
      double drainMaxMs,
      Double hopP50,
      Double hopP95,
      Double chainMs) {
    BenchOptions o = run.options();
    int counted =
        o.workload() == Workload.DAG ? Math.max(0, distinct - 1 - o.chainLength()) : distinct;
    double perSec = drainSumMs <= 0 ? 0 : counted / (drainSumMs / 1000.0);
    return Result.builder(run.peer(), o.workload().wireName(), o.n())
        .launcher(run.peer().equals("hydra") ? o.launcher() : null)
        .startsPerSec(round(perSec))
        .lagP50Ms(round(lag.at(50)))
        .lagP95Ms(round(lag.at(95)))
        .lagP99Ms(round(lag.at(99)))
        .lagMaxMs(round(lag.max()))
        .firstStartMs(round(lag.min()))
        .drainMs(round(drainMaxMs))
        .duplicates(duplicates)
        .missing(Math.max(0, run.expected() - distinct))
        .commitsPerRun(Math.round(run.commits() * 1000.0 / run.expected()) / 1000.0)
        .hopP50Ms(hopP50)
        .hopP95Ms(hopP95)
        .chainMs(chainMs)
        .build();
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  private static double round(double value) {
    return Math.round(value * 10.0) / 10.0;
  }
}
