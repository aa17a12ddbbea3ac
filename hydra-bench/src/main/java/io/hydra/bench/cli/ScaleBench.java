package io.hydra.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hydra.bench.BenchPostgres;
import io.hydra.bench.HeapHistogram;
import io.hydra.bench.Jit;
import io.hydra.core.job.JobSpec;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import io.hydra.web.HydraServer;
import io.hydra.web.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.JMException;
import org.apache.commons.io.FileUtils;

/**
 * {@code hydra bench --workload scale --n N}: Hydra with N job definitions (issue 8's scale
 * targets). Writes N jobs straight into a fresh database (a tenth scheduled daily, each other one
 * after the scheduled job of its group of ten), then measures: the start of a whole server
 * (database, migrations, engine with its catalog and due-time index, HTTP API) on them; the heap
 * used after that start, after a full GC; {@code GET /api/v1/jobs?limit=100} latency under {@link
 * #CLIENTS} concurrent clients; an apply of {@code min(N, 10,000)} changed jobs into the catalog
 * ({@link ScaleApply}), its graph check apart; and the validation of a {@code min(N, 10,000)}-job
 * graph on its own (each job, then the graph), as {@code hydra validate} does. It also says where
 * the heap goes after the start: bytes per job, and the classes holding the most ({@link
 * HeapHistogram}).
 */
final class ScaleBench {

  static final int CLIENTS = 50;
  static final int REQUESTS_PER_CLIENT = 200;

  /**
   * Requests per client in each unmeasured round first, the same 50 clients at once: a server that
   * has been up for a while answers from JIT-compiled code. On two cores the one C2 thread needs
   * 55,000-90,000 requests before it is quiet (the server's whole stack and the bench's HTTP client
   * share it), so a round is 10,000 requests: rounds of 3,000 reached the cap of ten while the
   * compiler still took a core, and the p99 measured the compiler (52-101 ms, 22-35 ms warm).
   */
  static final int WARMUP_PER_CLIENT = 200;

  private static final int VALIDATED = 10_000;
  private static final String UPSTREAM = "upstream-placeholder-0";

  private final int n;
  private final int maxWarmupRounds;
  private final Path out;
  private final PrintWriter print;

  /** {@code maxWarmupRounds}: of the list's warm-up, as {@code hydra bench --warmup-rounds}. */
  ScaleBench(int n, int maxWarmupRounds, Path out, PrintWriter print) {
    this.maxWarmupRounds = maxWarmupRounds;
    this.n = n;
    this.out = out;
    this.print = print;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("workload", "scale");
    result.put("n", n);
    result.put("load", loadAverage());
    try (BenchPostgres postgres = BenchPostgres.start()) {
      String url = postgres.url(postgres.createDatabase("bench_scale"));
      long insertStart = System.nanoTime();
      insertJobs(url);
      result.put("insertMs", millis(insertStart));
      Path dataDir = Files.createTempDirectory("hydra-scale");
      ServerConfig config =
          new ServerConfig(dataDir, "127.0.0.1", 0, url, "postgres", null, null)
              .withRateLimit(0, 0);
      long heapBefore = HeapHistogram.usedAfterGc();
      long startAt = System.nanoTime();
      try (HydraServer server = new HydraServer(config).start()) {
        result.put("startMs", millis(startAt));
        long heap = HeapHistogram.usedAfterGc();
        result.put("heapAfterStartMb", heap / MB);
        result.put("heapBeforeStartMb", heapBefore / MB);
        result.put("heapBytesPerJob", (heap - heapBefore) / n);
        result.put("heapTop", heapTop());
        result.putAll(listLatency(server.port()));
        // After the list: its 50 clients would otherwise share the machine with the apply.
        result.putAll(new ScaleApply(n).measure(server.jobApply()));
      } finally {
        FileUtils.deleteQuietly(dataDir.toFile());
      }
    }
    result.putAll(validation());
    print.println(format(result));
    if (out != null) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(out, json.writeValueAsString(Map.of("results", List.of(result))) + "\n");
      print.println("wrote " + out);
    }
    print.flush();
    return result;
  }

  /** Two spec templates, then one set-based insert per table, names and upstreams filled in. */
  private void insertJobs(String url) {
    String scheduled = Json.write(spec("job-x", "schedule: {cron: '0 2 * * *'}"));
    String dependent = Json.write(spec("job-x", "after: [" + UPSTREAM + "]"));
    try (Database db = Database.open(new DatabaseConfig(url, "postgres", null, null, 2))) {
      db.store().useTransaction(tx -> tx.syntheticJobs().insert(n, scheduled, dependent, UPSTREAM));
    }
  }

  private static JobSpec spec(String name, String rest) {
    return JobSpecReader.fromYaml(
        "name: " + name + "\nowner: bench\n" + rest + "\ntask:\n  command: 'true'\n");
  }

  /** Every client asks {@code requests} times, again as soon as answered; all latencies in µs. */
  private static List<Long> askAll(ExecutorService clients, HttpClient http, URI uri, int requests)
      throws Exception {
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      futures.add(
          clients.submit(
              () -> {
                long[] micros = new long[requests];
                for (int i = 0; i < requests; i++) {
                  long t0 = System.nanoTime();
                  get(http, uri);
                  micros[i] = (System.nanoTime() - t0) / 1000;
                }
                return micros;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      Arrays.stream(f.get()).forEach(all::add);
    }
    return all;
  }

  /** How the list's warm-up went: its rounds, and the p99 of the first (a server just started). */
  private record WarmUp(int rounds, long firstRoundP99Micros) {}

  /**
   * Unmeasured rounds of the same clients until one during which the JIT compiler was quiet (see
   * {@link Jit.Span#quiet}), at most {@link #maxWarmupRounds}.
   */
  private WarmUp warmUp(ExecutorService clients, HttpClient http, URI uri) throws Exception {
    long[] firstP99 = new long[1];
    int rounds =
        Jit.roundsUntilQuiet(
            maxWarmupRounds,
            number -> {
              Jit.Phase phase = new Jit.Phase();
              List<Long> latencies = askAll(clients, http, uri, WARMUP_PER_CLIENT);
              if (number == 1) {
                latencies.sort(Long::compare);
                firstP99[0] = percentile(latencies, 0.99);
              }
              return phase.end();
            });
    return new WarmUp(rounds, firstP99[0]);
  }

  /** Latency of the first page of the job list, every client asking again as soon as answered. */
  private Map<String, Object> listLatency(int port) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/jobs?limit=100");
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      WarmUp warmUp = warmUp(clients, http, uri);
      Jit.Phase phase = new Jit.Phase();
      List<Long> all = askAll(clients, http, uri, REQUESTS_PER_CLIENT);
      Jit.Span measured = phase.end();
      all.sort(Long::compare);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("listClients", CLIENTS);
      out.put("listRequests", all.size());
      out.put("listPerSec", round(all.size() * 1000.0 / Math.max(1, measured.ms())));
      out.put("listP50Ms", round(percentile(all, 0.50) / 1000.0));
      out.put("listP99Ms", round(percentile(all, 0.99) / 1000.0));
      out.put("listMaxMs", round(all.get(all.size() - 1) / 1000.0));
      out.put("listWarmupRounds", warmUp.rounds());
      out.put("listWarmupRequests", warmUp.rounds() * CLIENTS * WARMUP_PER_CLIENT);
      if (warmUp.rounds() > 0) { // --warmup-rounds 0: the measured round is the first
        out.put("listFirstRoundP99Ms", round(warmUp.firstRoundP99Micros() / 1000.0));
      }
      out.put("listJitMs", measured.compileMs());
      return out;
    } finally {
      clients.shutdownNow();
    }
  }

  private static void get(HttpClient http, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Each spec, then the graph (unknown upstreams, cycles), of a chain-and-fan-out set. */
  private Map<String, Object> validation() {
    int count = Math.min(n, VALIDATED);
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(
          i % 10 == 0
              ? spec("job-" + i, "schedule: {cron: '0 2 * * *'}")
              : spec("job-" + i, "after: [job-" + (i - 1) + "]"));
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) { // the first round includes class loading
      long start = System.nanoTime();
      int problems = 0;
      for (JobSpec spec : specs) {
        problems += JobValidator.validate(spec).size();
      }
      problems += JobValidator.validateGraph(specs).size();
      if (problems != 0) {
        throw new IllegalStateException(problems + " validation problems in the bench's jobs");
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("validatedJobs", count);
    out.put("validateMs", round(best / 1e6));
    return out;
  }

  private static final long MB = 1024 * 1024;

  /** Classes listed in {@code heapTop}. */
  static final int HEAP_TOP = 10;

  /**
   * The classes holding the most live bytes after the start, with their share per job. The whole
   * JVM's objects, so the bench's own (about {@code heapBeforeStartMb}) are in it too.
   */
  private List<Map<String, Object>> heapTop() throws JMException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (HeapHistogram.Entry e : HeapHistogram.top(HEAP_TOP)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", e.className());
      row.put("instances", e.instances());
      row.put("mb", round(e.bytes() / (double) MB));
      row.put("bytesPerJob", e.bytes() / n);
      out.add(row);
    }
    return out;
  }

  private static long percentile(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String format(Map<String, Object> result) {
    StringBuilder s = new StringBuilder("scale");
    result.forEach(
        (k, v) -> {
          if (!k.equals("workload") && !k.equals("heapTop")) {
            s.append(' ').append(k).append('=').append(v);
          }
        });
    Object top = result.get("heapTop");
    if (top instanceof List<?> rows) {
      s.append(String.format("%nheap after start by class (live objects, whole JVM):%n"));
      s.append(String.format("%10s %12s %10s  %s%n", "MB", "instances", "bytes/job", "class"));
      for (Object row : rows) {
        Map<?, ?> r = (Map<?, ?>) row;
        s.append(
            String.format(
                "%10s %12s %10s  %s%n",
                r.get("mb"), r.get("instances"), r.get("bytesPerJob"), r.get("class")));
      }
    }
    return s.toString().stripTrailing();
  }
}
