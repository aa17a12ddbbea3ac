package io.hydra.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hydra.bench.BenchPostgres;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.Engine;
import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.engine.JobCatalog;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.NewRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hydra bench --workload fairness --n FLOOD}: one owner ({@code data-eng}) floods FLOOD
 * queued runs while another owner's ({@code etl}) {@link #SCHEDULED} jobs fire every minute for
 * {@code --minutes} minutes, all under a launcher budget of {@link SlotLauncher#SLOTS} tasks of
 * {@link SlotLauncher#TASK} each (the flood takes minutes to drain). It reports the start lag of
 * the scheduled runs (start minus logical time) with no flood and then with it, in one invocation:
 * with fair share, the flood may not add more than the wait for a free slot.
 */
final class FairnessBench {

  static final int SCHEDULED = 20;
  private static final Instant FLOOD_BASE = Instant.parse("2025-01-01T00:00:00Z");

  private final int flood;
  private final int minutes;
  private final Path out;
  private final PrintWriter print;

  FairnessBench(int flood, int minutes, Path out, PrintWriter print) {
    this.flood = flood;
    this.minutes = minutes;
    this.out = out;
    this.print = print;
  }

  /** One round's figures. */
  record Round(
      int flood,
      int scheduledStarts,
      double lagP50Ms,
      double lagP99Ms,
      double lagMaxMs,
      int floodStarted) {}

  void run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    try (BenchPostgres postgres = BenchPostgres.start()) {
      rounds.add(round(postgres, 0));
      rounds.add(round(postgres, flood));
    }
    for (Round r : rounds) {
      print.printf(
          "fairness flood=%d: %d scheduled starts, lag p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
              + " %d flood runs started%n",
          r.flood(),
          r.scheduledStarts(),
          r.lagP50Ms(),
          r.lagP99Ms(),
          r.lagMaxMs(),
          r.floodStarted());
    }
    write(rounds);
  }

  private Round round(BenchPostgres postgres, int floodRuns) throws Exception {
    String url = postgres.url(postgres.createDatabase("bench_fair"));
    DatabaseConfig config = new DatabaseConfig(url, "postgres", null, null, 8);
    SlotLauncher launcher = new SlotLauncher();
    try (Database db = Database.open(config)) {
      Store store = new Store(db.jdbi());
      seed(store, floodRuns);
      Engine engine =
          new Engine(store, launcher, Clock.system(), EngineConfig.defaults(), new JobCatalog());
      engine.start();
      try {
        Instant end = nextMinute(Instant.now()).plus(Duration.ofMinutes(minutes)).plusSeconds(5);
        while (Instant.now().isBefore(end)) {
          Thread.sleep(1000); // the benchmark's own wall clock: it measures, it does not sync
        }
      } finally {
        engine.close();
        launcher.close();
      }
    }
    List<Double> lags = launcher.scheduledLagsMs();
    lags.sort(Double::compare);
    return new Round(
        floodRuns,
        lags.size(),
        percentile(lags, 0.50),
        percentile(lags, 0.99),
        lags.isEmpty() ? 0 : lags.get(lags.size() - 1),
        launcher.floodStarts());
  }

  private void seed(Store store, int floodRuns) {
    Instant now = Instant.now();
    List<JobSpec> specs = new ArrayList<>();
    specs.add(
        JobSpecReader.fromYaml(
            "name: flood\nowner: data-eng\nconcurrency: allow\n"
                + "schedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true', resources: {cpus: 1}}\n"));
    for (int i = 0; i < SCHEDULED; i++) {
      specs.add(
          JobSpecReader.fromYaml(
              "name: etl-"
                  + i
                  + "\nowner: etl\nschedule: {cron: '* * * * *'}\n"
                  + "task: {command: 'true', resources: {cpus: 1}}\n"));
    }
    store.useTransaction(
        tx -> {
          for (JobSpec spec : specs) {
            tx.jobs().create(JobService.validated(spec), "bench", "bench", now);
            if (spec.name().startsWith("etl-")) {
              tx.schedules().put(spec.name(), nextMinute(now));
            }
          }
        });
    List<NewRun> runs = new ArrayList<>();
    for (int i = 0; i < floodRuns; i++) {
      runs.add(
          new NewRun(
              "flood",
              FLOOD_BASE.plusSeconds(i),
              1,
              RunState.QUEUED,
              Reason.of(ReasonKind.BACKFILL),
              RunCause.BACKFILL,
              Map.of()));
      if (runs.size() == 5000 || i == floodRuns - 1) {
        List<NewRun> batch = List.copyOf(runs);
        store.useTransaction(tx -> tx.runWrites().insertAllIfAbsent(batch, now, null));
        runs.clear();
      }
    }
  }

  private static Instant nextMinute(Instant t) {
    return t.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private void write(List<Round> rounds) throws IOException {
    if (out == null) {
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workload", "fairness");
    json.put("scheduledJobs", SCHEDULED);
    json.put("minutes", minutes);
    json.put("slots", SlotLauncher.SLOTS);
    json.put("taskMillis", SlotLauncher.TASK.toMillis());
    json.put("rounds", rounds);
    new ObjectMapper()
        .findAndRegisterModules()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.toFile(), json);
  }
}
