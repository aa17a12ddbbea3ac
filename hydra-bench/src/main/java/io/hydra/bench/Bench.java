package io.hydra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs one workload on each peer in turn, on one embedded PostgreSQL with a fresh database per
 * peer, and reports what the task bodies measured.
 */
public final class Bench {

  /** Between arming a burst and its due instant: long enough to read the commit counter. */
  private static final Duration LEAD = Duration.ofSeconds(3);

  /** After the last expected start, so late duplicates and completions are seen and counted. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  /**
   * Warm-up rounds run before the first quiet one may end them. A cron round of 20,000 whose one
   * warm-up round was quiet (54 ms of compiling in 936 ms: writing the jobs and starting had kept
   * the compiler busy before) then had the compiler working 515 ms through its 3 minutes.
   */
  private static final int MIN_WARMUP_ROUNDS = 3;

  /**
   * How long a cron peer must have started nothing before the window is chosen: longer than Hydra
   * holds the reports of a backlog's ends (2 s), so those of a caught-up boundary are applied too.
   */
  private static final Duration QUIET = Duration.ofSeconds(4);

  /** How long the machine's spawn limit is measured. */
  private static final Duration SPAWN_LIMIT_SPAN = Duration.ofSeconds(2);

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
        int rounds = warmUp(postgres, peer);
        UnaryOperator<Result> withSpawnLimits = spawnLimits(peer);
        results.add(withSpawnLimits.apply(measure(postgres, peer).withWarmUp(rounds)));
      }
    } finally {
      HydraPeer.deleteSandboxes();
    }
    out.print(ResultTable.format(results));
    if (options.out() != null) {
      writeJson(options.out(), results);
      out.println("wrote " + options.out());
    }
    out.flush();
    return results;
  }

  /**
   * With Hydra's local launcher, the rates at which this JVM starts {@code /bin/sh -c true} from
   * two threads, through the JDK and through posix_spawn (where available), measured after the
   * warm-up and just before the measured rounds, as what adds them to the result; otherwise what
   * leaves it as it is.
   */
  private UnaryOperator<Result> spawnLimits(String peer) throws InterruptedException {
    if (!peer.equals("hydra") || !options.launcher().equals("local")) {
      return UnaryOperator.identity();
    }
    double perSec = SpawnLimit.measure(SPAWN_LIMIT_SPAN);
    out.printf("machine: %.1f spawns/s of /bin/sh -c true from two threads%n", perSec);
    OptionalDouble posix = SpawnLimit.measurePosix(SPAWN_LIMIT_SPAN);
    posix.ifPresent(
        p -> out.printf("machine: %.1f spawns/s of /bin/sh -c true through posix_spawn%n", p));
    out.flush();
    Double posixPerSec = posix.isPresent() ? posix.getAsDouble() : null;
    return r -> r.withSpawnLimit(perSec, posixPerSec);
  }

  /**
   * The measured rounds of one peer; its result is the round with the median starts/s (of an even
   * number, the lower of the middle two), with every round's starts/s and p99 lag.
   */
  private Result measure(BenchPostgres postgres, String peer) throws Exception {
    List<Round> rounds = new ArrayList<>();
    for (int k = 1; k <= options.rounds(); k++) {
      out.printf(
          "%s: %s n=%d, measured round %d of %d ...%n",
          peer, options.workload().wireName(), options.n(), k, options.rounds());
      out.flush();
      Round r = runPeer(postgres, peer, options, "bench" + k + "_");
      out.printf(
          "  %.1f starts/s, p99 lag %.1f ms; JIT compiled for %d ms of its %d ms%n",
          r.result().startsPerSec(), r.result().lagP99Ms(), r.jit().compileMs(), r.jit().ms());
      rounds.add(r);
    }
    List<Round> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(r -> r.result().startsPerSec()));
    Round median = sorted.get((sorted.size() - 1) / 2);
    return median
        .result()
        .withRounds(
            median.jit().compileMs(),
            rounds.stream().map(r -> r.result().startsPerSec()).toList(),
            rounds.stream().map(r -> r.result().lagP99Ms()).toList());
  }

  /**
   * Unmeasured rounds of the workload until one in which the JIT compiler was quiet, at most {@code
   * warmupRounds}; returns how many ran. A server that has been up for a while runs compiled code,
   * and on two cores a round measured while the compiler still works mostly measures the compiler.
   */
  private int warmUp(BenchPostgres postgres, String peer) throws Exception {
    if (options.warmup() == 0) {
      return 0;
    }
    return Jit.roundsUntilQuiet(
        Math.min(MIN_WARMUP_ROUNDS, options.warmupRounds()),
        options.warmupRounds(),
        number -> {
          out.printf(
              "%s: warm-up %s n=%d, round %d ...%n",
              peer, options.workload().wireName(), options.warmup(), number);
          out.flush();
          Jit.Span span =
              runPeer(postgres, peer, options.warmupRound(), "warmup" + number + "_").jit();
          out.printf("  JIT compiled for %d ms of its %d ms%n", span.compileMs(), span.ms());
          return span;
        });
  }

  /**
   * One round's result, with the JIT compiler's work during the phase in which the peer starts the
   * tasks (from release to the last start).
   */
  private record Round(Result result, Jit.Span jit) {}

  /**
   * One round of the workload on a fresh database; {@code options} rather than the field, so that
   * the warm-up round can be smaller.
   */
  private Round runPeer(BenchPostgres postgres, String name, BenchOptions options, String prefix)
      throws Exception {
    String database = postgres.createDatabase(prefix + name);
    long heapBefore = HeapHistogram.usedAfterGc();
    Recorder recorder = new Recorder();
    PeerContext ctx = new PeerContext(options, recorder, postgres, database);
    long before;
    Set<Long> window = null;
    int expected;
    Jit.Span jit;
    long heapAfter;
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
          Jit.Phase phase = new Jit.Phase();
          peer.releaseBurst();
          await(() -> recorder.startCount() >= expected, due.plus(options.timeout()));
          jit = phase.end();
        }
        case CRON -> {
          expected = options.n() * options.fires();
          // A boundary that passed while the jobs were written is caught up as the peer starts;
          // its starts and their ends must be over before the window, or they compete with it.
          awaitQuiet(recorder, Instant.now().plus(options.timeout()));
          Instant first = CronNext.boundaryAtOrAfter(Instant.now().plus(LEAD), options.period());
          window = fireWindow(first, options);
          before = postgres.commits(database);
          Set<Long> w = window;
          Instant last = first.plus(options.period().multipliedBy(options.fires() - 1L));
          sleepUntil(first);
          Jit.Phase phase = new Jit.Phase();
          await(() -> startedIn(recorder, w) >= expected, last.plus(options.timeout()));
          jit = phase.end();
        }
        case DAG -> {
          expected = 1 + options.n() + options.chainLength();
          before = postgres.commits(database);
          Jit.Phase phase = new Jit.Phase();
          peer.startDag();
          await(() -> recorder.startCount() >= expected, Instant.now().plus(options.timeout()));
          jit = phase.end();
        }
        default -> throw new IllegalStateException("unknown workload");
      }
      BenchPostgres.sleep(SETTLE);
      // While the peer still runs and holds what the round left (after the measured phase, so the
      // full GC delays nothing measured): how its memory grows with N under --sizes.
      heapAfter = HeapHistogram.usedAfterGc();
    }
    long commits = postgres.commits(database) - before;
    Result result =
        Analysis.of(new Analysis.Run(name, options, expected, window, commits), recorder)
            .withHeap(heapAfter, heapBefore, expected);
    return new Round(result, jit);
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

  private static void await(BooleanSupplier done, Instant deadline) {
    while (!done.getAsBoolean() && Instant.now().isBefore(deadline)) {
      BenchPostgres.sleep(Duration.ofMillis(50));
    }
  }

  /** Waits until the peer has started nothing for {@link #QUIET}, or until the deadline. */
  private static void awaitQuiet(Recorder recorder, Instant deadline) {
    int seen = recorder.startCount();
    Instant since = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      BenchPostgres.sleep(Duration.ofMillis(50));
      int count = recorder.startCount();
      if (count != seen) {
        seen = count;
        since = Instant.now();
      } else if (!Instant.now().isBefore(since.plus(QUIET))) {
        return;
      }
    }
  }

  private static void sleepUntil(Instant at) {
    BenchPostgres.sleep(Duration.between(Instant.now(), at));
  }

  /** The results as the JSON file {@code --out} names: {@code {"results": [...]}}. */
  public static void writeJson(Path file, List<Result> results) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(file, json.writeValueAsString(Map.of("results", results)) + "\n");
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
