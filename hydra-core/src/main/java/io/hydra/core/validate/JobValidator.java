package io.hydra.core.validate;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.NotifySpec;
import io.hydra.core.job.Resources;
import io.hydra.core.job.RetryPolicy;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.job.TaskConstraint;
import io.hydra.core.job.TaskSpec;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.schedule.CronSchedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks job definitions, alone ({@link #validate}) and together ({@link #validateGraph}). Every
 * error names the field by its path in the spec, e.g. {@code after[1].job}, and the reason.
 */
public final class JobValidator {

  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String NAME_RULE =
      "must be 1-128 characters: lower-case letters, digits, '.', '_' or '-', starting with a"
          + " letter or digit";

  private JobValidator() {}

  /** Problems of one job on its own; empty if it is valid. */
  public static List<FieldError> validate(JobSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec.name() == null || spec.name().isBlank()) {
      errors.add(new FieldError("name", "is required"));
    } else if (!NAME.matcher(spec.name()).matches()) {
      errors.add(new FieldError("name", "'" + spec.name() + "' " + NAME_RULE));
    }
    labels(spec.labels(), errors);
    schedules(spec.allSchedules(), errors);
    // A job with neither a schedule nor a same-time upstream is trigger-only: each trigger gives
    // its run a logical time (the one given, or now).
    after(spec, errors);
    retries("retries", spec.retries(), errors);
    pipeline(spec, errors);
    positive("timeout", spec.timeout(), errors);
    deadline(spec.deadline(), errors);
    priority("priority", spec.priority(), errors);
    task(spec.task(), errors);
    notifications(spec.notifications(), errors);
    return errors;
  }

  /**
   * Problems that only show among all jobs: unknown upstreams and cycles. Keyed by job name; jobs
   * without problems are absent.
   */
  public static SortedMap<String, List<FieldError>> validateGraph(Collection<JobSpec> jobs) {
    SortedMap<String, List<FieldError>> byJob = new TreeMap<>();
    Set<String> names = new HashSet<>();
    jobs.forEach(j -> names.add(j.name()));
    for (JobSpec job : jobs) {
      List<UpstreamRef> after = job.after() == null ? List.of() : job.after();
      for (int i = 0; i < after.size(); i++) {
        UpstreamRef up = after.get(i);
        if (up != null && up.job() != null && !names.contains(up.job())) {
          byJob
              .computeIfAbsent(job.name(), k -> new ArrayList<>())
              .add(
                  new FieldError(
                      "after[" + i + "].job", "unknown upstream job '" + up.job() + "'"));
        }
      }
    }
    JobGraph graph = JobGraph.of(jobs);
    graph
        .findCycle()
        .ifPresent(
            cycle -> {
              String message = "dependency cycle: " + String.join(" -> ", cycle);
              for (String job : graph.jobsOnCycles()) {
                byJob
                    .computeIfAbsent(job, k -> new ArrayList<>())
                    .add(new FieldError("after", message));
              }
            });
    return byJob;
  }

  private static void labels(Map<String, String> labels, List<FieldError> errors) {
    if (labels == null) {
      return;
    }
    labels.forEach(
        (key, value) -> {
          if (key == null || key.isBlank() || key.length() > 63) {
            errors.add(new FieldError("labels", "label keys must be 1-63 characters"));
          } else if (value == null) {
            errors.add(new FieldError("labels." + key, "must have a value"));
          }
        });
  }

  /**
   * Each schedule on its own. One schedule's errors name {@code schedule.cron}; with several, the
   * field says which: {@code schedule[1].cron}.
   */
  private static void schedules(List<ScheduleSpec> schedules, List<FieldError> errors) {
    if (schedules.size() == 1) {
      schedule(schedules.get(0), errors);
      return;
    }
    for (int i = 0; i < schedules.size(); i++) {
      String at = "schedule[" + i + "]";
      if (schedules.get(i) == null) {
        errors.add(new FieldError(at, "must not be null"));
        continue;
      }
      List<FieldError> own = new ArrayList<>();
      schedule(schedules.get(i), own);
      own.forEach(e -> errors.add(new FieldError(at + e.field().substring(8), e.message())));
    }
  }

  private static void schedule(ScheduleSpec schedule, List<FieldError> errors) {
    if (schedule == null) {
      errors.add(new FieldError("schedule", "must not be null"));
      return;
    }
    ScheduleSpec s = schedule.normalized();
    if (s.cron() == null || s.cron().isEmpty()) {
      errors.add(new FieldError("schedule.cron", "is required when a schedule is given"));
    } else {
      collect(() -> firesSometime(s), errors);
    }
    collect(() -> CronSchedule.zone(s.timezone()), errors);
    positive("schedule.startingDeadline", s.startingDeadline(), errors);
  }

  /**
   * The expression parses and has a fire time at all (from a fixed instant, so the answer does not
   * depend on when it is asked): {@code 0 0 31 2 *} parses but never fires.
   */
  private static void firesSometime(ScheduleSpec s) {
    CronSchedule cron = CronSchedule.parse(s.cron(), s.dialect(), ZoneOffset.UTC);
    if (cron.nextAfter(NEVER_BEFORE).isEmpty()) {
      throw ValidationException.of(
          "schedule.cron", "'" + s.cron() + "' never fires (no date matches every field)");
    }
  }

  private static final Duration MAX_DEADLINE = Duration.ofDays(366);

  private static final Instant NEVER_BEFORE = Instant.parse("2000-01-01T00:00:00Z");

  private static void collect(Runnable check, List<FieldError> errors) {
    try {
      check.run();
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
  }

  private static void after(JobSpec spec, List<FieldError> errors) {
    List<UpstreamRef> after = spec.after() == null ? List.of() : spec.after();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < after.size(); i++) {
      UpstreamRef up = after.get(i);
      String field = "after[" + i + "]";
      if (up == null || up.job() == null || up.job().isBlank()) {
        errors.add(new FieldError(field + ".job", "is required"));
        continue;
      }
      if (!NAME.matcher(up.job()).matches()) {
        errors.add(new FieldError(field + ".job", "'" + up.job() + "' is not a valid job name"));
      } else if (up.job().equals(spec.name())) {
        errors.add(new FieldError(field + ".job", "a job cannot depend on itself"));
      } else if (!seen.add(up.job())) {
        errors.add(new FieldError(field + ".job", "'" + up.job() + "' is listed twice"));
      }
      positive(field + ".within", up.within(), errors);
    }
  }

  /** A job's retries, or a pipeline's ({@code field} is where they are written). */
  private static void retries(String field, RetryPolicy retries, List<FieldError> errors) {
    if (retries == null) {
      return;
    }
    if (retries.max() != null && (retries.max() < 0 || retries.max() > 100)) {
      errors.add(new FieldError(field + ".max", "must be between 0 and 100"));
    }
    notNegative(field + ".delay", retries.delay(), errors);
    if (retries.backoff() != null && (retries.backoff() < 1.0 || retries.backoff() > 100.0)) {
      errors.add(new FieldError(field + ".backoff", "must be between 1.0 and 100.0"));
    }
    positive(field + ".maxDelay", retries.maxDelay(), errors);
  }

  /**
   * A pipeline policy belongs to the root that starts the pipeline: on a job with a same-time
   * upstream it would be one of several policies for one logical time, so it is refused rather than
   * silently ignored.
   */
  private static void pipeline(JobSpec spec, List<FieldError> errors) {
    if (spec.pipeline() == null) {
      return;
    }
    if (!spec.sameTimeUpstreams().isEmpty()) {
      errors.add(
          new FieldError(
              "pipeline",
              "only a pipeline root (a job without a same-time upstream) may declare it; move it"
                  + " to the root of this pipeline"));
    }
    retries("pipeline.retries", spec.pipeline().retries(), errors);
  }

  private static void task(TaskSpec task, List<FieldError> errors) {
    if (task == null) {
      errors.add(new FieldError("task", "is required"));
      return;
    }
    boolean hasCommand = task.command() != null && !task.command().isBlank();
    boolean hasArgs = task.args() != null && !task.args().isEmpty();
    if (hasCommand == hasArgs) {
      errors.add(
          new FieldError(
              "task.command",
              hasCommand
                  ? "give either command or args, not both"
                  : "is required (or give task.args)"));
    }
    if (hasArgs && task.args().stream().anyMatch(a -> a == null)) {
      errors.add(new FieldError("task.args", "must not contain null"));
    }
    resources(task.resources(), errors);
    if (task.env() != null) {
      task.env()
          .forEach(
              (key, value) -> {
                if (key == null || !ENV_NAME.matcher(key).matches()) {
                  errors.add(
                      new FieldError("task.env", "'" + key + "' is not a valid variable name"));
                } else if (key.startsWith("HYDRA_")) {
                  errors.add(new FieldError("task.env." + key, "the HYDRA_ prefix is reserved"));
                } else if (value == null) {
                  errors.add(new FieldError("task.env." + key, "must have a value"));
                }
              });
    }
    secrets(task, errors);
    if (task.container() != null
        && (task.container().image() == null || task.container().image().isBlank())) {
      errors.add(new FieldError("task.container.image", "is required with a container"));
    }
    List<List<String>> constraints = task.constraints();
    for (int i = 0; constraints != null && i < constraints.size(); i++) {
      try {
        TaskConstraint.parse(constraints.get(i));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("task.constraints[" + i + "]", e.getMessage()));
      }
    }
  }

  private static void notifications(List<NotifySpec> notify, List<FieldError> errors) {
    if (notify == null) {
      return;
    }
    for (int i = 0; i < notify.size(); i++) {
      String field = "notify[" + i + "]";
      NotifySpec n = notify.get(i);
      if (n == null) {
        errors.add(new FieldError(field, "must not be null"));
        continue;
      }
      webhook(field + ".webhook", n.webhook(), errors);
      List<String> on = n.on() == null ? List.of() : n.on();
      for (int j = 0; j < on.size(); j++) {
        if (!NotifySpec.EVENTS.contains(on.get(j))) {
          errors.add(
              new FieldError(
                  field + ".on[" + j + "]",
                  "'"
                      + on.get(j)
                      + "' is not an event; use "
                      + String.join(", ", NotifySpec.EVENTS)));
        }
      }
      if (n.format() != null && !NotifySpec.FORMATS.contains(n.format())) {
        errors.add(
            new FieldError(field + ".format", "must be json or slack, not '" + n.format() + "'"));
      }
    }
  }

  private static void webhook(String field, String url, List<FieldError> errors) {
    if (url == null || url.isBlank()) {
      errors.add(new FieldError(field, "is required"));
      return;
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        errors.add(new FieldError(field, "'" + url + "' is not an http(s) URL"));
      }
    } catch (URISyntaxException e) {
      errors.add(new FieldError(field, "'" + url + "' is not a URL"));
    }
  }

  /** Secret keys name env keys. */
  private static void secrets(TaskSpec task, List<FieldError> errors) {
    List<String> secrets = task.secrets() == null ? List.of() : task.secrets();
    for (int i = 0; i < secrets.size(); i++) {
      String key = secrets.get(i);
      if (key == null || task.env() == null || !task.env().containsKey(key)) {
        errors.add(
            new FieldError("task.secrets[" + i + "]", "'" + key + "' is not a key of task.env"));
      }
    }
  }

  private static void resources(Resources r, List<FieldError> errors) {
    if (r == null) {
      return;
    }
    if (r.cpus() != null && !(r.cpus() > 0)) {
      errors.add(new FieldError("task.resources.cpus", "must be greater than 0"));
    }
    if (r.mem() != null && !(r.mem() > 0)) {
      errors.add(new FieldError("task.resources.mem", "must be greater than 0 (MB)"));
    }
    if (r.disk() != null && !(r.disk() >= 0)) {
      errors.add(new FieldError("task.resources.disk", "must not be negative"));
    }
    if (r.gpus() != null && r.gpus() < 0) {
      errors.add(new FieldError("task.resources.gpus", "must not be negative"));
    }
  }

  private static void positive(String field, Duration d, List<FieldError> errors) {
    if (d != null && (d.isZero() || d.isNegative())) {
      errors.add(new FieldError(field, "must be a positive duration (e.g. PT30M)"));
    }
  }

  /** Measured from the logical time; a year covers the longest-running monthly pipelines. */
  /** A job's, a trigger's or a backfill's priority: null (the default) or within the bounds. */
  public static void priority(String field, Integer p, List<FieldError> errors) {
    if (p != null && (p < JobSpec.MIN_PRIORITY || p > JobSpec.MAX_PRIORITY)) {
      errors.add(
          new FieldError(
              field, "must be between " + JobSpec.MIN_PRIORITY + " and " + JobSpec.MAX_PRIORITY));
    }
  }

  private static void deadline(Duration d, List<FieldError> errors) {
    positive("deadline", d, errors);
    if (d != null && d.compareTo(MAX_DEADLINE) > 0) {
      errors.add(new FieldError("deadline", "must be at most " + MAX_DEADLINE.toDays() + " days"));
    }
  }

  private static void notNegative(String field, Duration d, List<FieldError> errors) {
    if (d != null && d.isNegative()) {
      errors.add(new FieldError(field, "must not be negative"));
    }
  }
}
