package io.hydra.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.engine.JobApply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 23's "graph validation of an apply of 10,000 changed jobs" into the scale bench's catalog:
 * an apply, through the same {@link JobApply} as {@code POST /api/v1/apply}, of {@code min(N,
 * 10,000)} of the catalog's jobs with a new command, nine in ten of them keeping their {@code
 * after:} (so the graph check has edges to follow into the unchanged catalog). Two applies, each
 * changing every job of the set: the first runs cold code; the second is reported. The second apply
 * waits until the background reload the first one caused should be over.
 */
final class ScaleApply {

  static final int CHANGED = 10_000;

  private final int n;

  ScaleApply(int n) {
    this.n = n;
  }

  /** The jobs changed: spread over the catalog, one in ten a scheduled job (its group's head). */
  List<Integer> changedIndexes() {
    int count = Math.min(n, CHANGED);
    int step = n / count;
    List<Integer> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      // A group of ten starts at a multiple of ten: k % 10 picks the head or a dependent of one.
      int i = step >= 10 ? (k * step / 10) * 10 + k % 10 : k;
      out.add(Math.min(i, n - 1));
    }
    return out;
  }

  /** The set as {@code hydra apply} sends it: the same jobs as written, with another command. */
  List<JsonNode> set(String command) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<JsonNode> jobs = new ArrayList<>();
    for (int i : changedIndexes()) {
      ObjectNode job = f.objectNode().put("name", "job-" + i).put("owner", "bench");
      if (i % 10 == 0) {
        job.putObject("schedule").put("cron", "0 2 * * *");
      } else {
        job.putArray("after").add("job-" + (i - i % 10));
      }
      job.putObject("task").put("command", command);
      jobs.add(job);
    }
    return jobs;
  }

  Map<String, Object> measure(JobApply apply) {
    Map<String, Object> out = new LinkedHashMap<>();
    Timed first = applyOnce(apply, "true # apply 1");
    // The apply's notification reaches this instance too, which then reloads its whole catalog a
    // second time, in the background, for about as long as the reload the apply waited for. Let
    // it finish, or the second apply shares the two cores with it.
    settle(Duration.ofMillis(500 + (long) (1.5 * first.phases().reloadMs())));
    Timed second = applyOnce(apply, "true # apply 2");
    // And after the second, so the server is not closed under that reload (it logs the closed
    // pool as an error).
    settle(Duration.ofMillis(500 + (long) (1.5 * second.phases().reloadMs())));
    out.put("applyJobs", second.updated());
    out.put("applyEdges", changedIndexes().stream().filter(i -> i % 10 != 0).count());
    out.put("applyMs", round(second.totalMs()));
    out.put("applyValidateMs", round(second.phases().graphMs()));
    out.put("applyReadMs", round(second.phases().readMs()));
    out.put("applyReloadMs", round(second.phases().reloadMs()));
    out.put("applyFirstMs", round(first.totalMs()));
    out.put("applyFirstValidateMs", round(first.phases().graphMs()));
    return out;
  }

  private static void settle(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between the applies", e);
    }
  }

  private record Timed(int updated, double totalMs, JobApply.Phases phases) {}

  private Timed applyOnce(JobApply apply, String command) {
    List<JsonNode> set = set(command);
    JobApply.Phases phases = new JobApply.Phases();
    long start = System.nanoTime();
    ApplyPlan plan =
        apply.apply(new JobApply.Request(set, false, false, "bench", null, "bench"), phases);
    double ms = (System.nanoTime() - start) / 1e6;
    if (plan.updated().size() != set.size()) {
      throw new IllegalStateException(
          "the apply updated " + plan.updated().size() + " of " + set.size() + " jobs");
    }
    return new Timed(plan.updated().size(), ms, phases);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
