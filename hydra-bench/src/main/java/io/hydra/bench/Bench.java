package io.hydra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one workload on each peer in turn, on one embedded PostgreSQL with a fresh database per
 * peer, and reports what the task bodies measured.
 */
public final class Bench {

  /** Between arming a burst and its due instant: long enough to read the commit counter. */
  private static final Duration LEAD = Duration.ofSeconds(3);

  /** After the last expected start, so late duplicates and completions are seen and counted. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final BenchOptions options;
  private final PrintWriter out;

  public Bench(BenchOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every peer and returns their results (also printed, and written if asked). */
  public List<Result> run() throws Exception {
    quietPeerLogging();
    List<Result> results = new ArrayList<>();
    try (BenchPostgres postgres = BenchPostgres.start()) {
      for (String peer : options.peers()) {
        if (options.warmup() > 0) {
          out.printf(
              "%s: warm-up %s n=%d ...%n", peer, options.workload().wireName(), options.warmup());
          out.flush();
          runPeer(postgres, peer, options.warmupRound(), "warmup_");
        }
        out.printf("%s: %s n=%d ...%n", peer, options.workload().wireName(), options.n());
        out.flush();
        results.add(runPeer(postgres, peer, options, "bench_"));
      }
    }
    out.print(ResultTable.format(results));
    if (options.out() != null) {
      write(results);
      out.println("wrote " + options.out());
    }
    out.flush();
    return results;
  }

  /**
   * One round of the workload on a fresh database; {@code options} rather than the field, so that
   * the warm-up round can be smaller.
   */
  private Result runPeer(BenchPostgres postgres, String name, BenchOptions options, String prefix)
      throws Exception {
    String database = postgres.createDatabase(prefix + name);
    Recorder recorder = new Recorder();
    PeerContext ctx = new PeerContext(options, recorder, postgres, database);
    long before;
    Set<Long> window = null;
    int expected;
    try (Peer peer = create(name, ctx)) {
      peer.prepare();
      peer.start();
      switch (options.workload()) {
        case BURST -> {
          expected = options.n();
          Instant due = Instant.now().plus(LEAD);
          peer.armBurst(due);
          before = postgres.commits(database);
          sleepUntil(due);
          peer.releaseBurst();
          await(() -> recorder.startCount() >= expected, due.plus(options.timeout()));
        }
        case CRON -> {
          expected = options.n() * options.fires();
          Instant first = CronNext.boundaryAtOrAfter(Instant.now().plus(LEAD), options.period());
          window = fireWindow(first, options);
          before = postgres.commits(database);
          Set<Long> w = window;
          Instant last = first.plus(options.period().multipliedBy(options.fires() - 1L));
          await(() -> startedIn(recorder, w) >= expected, last.plus(options.timeout()));
        }
        case DAG -> {
          expected = 1 + options.n() + options.chainLength();
          before = postgres.commits(database);
          peer.startDag();
          await(() -> recorder.startCount() >= expected, Instant.now().plus(options.timeout()));
        }
        default -> throw new IllegalStateException("unknown workload");
      }
      BenchPostgres.sleep(SETTLE);
    }
    long commits = postgres.commits(database) - before;
    return Analysis.of(new Analysis.Run(name, options, expected, window, commits), recorder);
  }

  private static Set<Long> fireWindow(Instant first, BenchOptions options) {
    Set<Long> window = new HashSet<>();
    for (int k = 0; k < options.fires(); k++) {
      window.add(Recorder.micros(first.plus(options.period().multipliedBy(k))));
    }
    return window;
  }

  private static long startedIn(Recorder recorder, Set<Long> window) {
    return recorder.starts().stream()
        .filter(s -> window.contains(s.dueMicros()))
        .map(Recorder.Start::key)
        .distinct()
        .count();
  }

  private static Peer create(String name, PeerContext ctx) {
    return switch (name) {
      case "hydra" -> new HydraPeer(ctx);
      case "db-scheduler" -> new DbSchedulerPeer(ctx);
      case "quartz" -> new QuartzPeer(ctx);
      default -> throw new IllegalArgumentException("unknown peer " + name);
    };
  }

  private static void await(java.util.function.BooleanSupplier done, Instant deadline) {
    while (!done.getAsBoolean() && Instant.now().isBefore(deadline)) {
      BenchPostgres.sleep(Duration.ofMillis(50));
    }
  }

  private static void sleepUntil(Instant at) {
    BenchPostgres.sleep(Duration.between(Instant.now(), at));
  }

  private void write(List<Result> results) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(options.out(), json.writeValueAsString(Map.of("results", results)) + "\n");
  }

  /** The peers log every start at INFO; keep the output to the results. */
  private static void quietPeerLogging() {
    for (String logger :
        List.of(
            "org.quartz",
            "com.github.kagkarlsson",
            "com.zaxxer.hikari",
            "io.zonky",
            "org.flywaydb",
            "io.hydra")) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
    }
  }
}
