package io.hydra.store.json;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.NotifySpec;
import io.hydra.core.validate.JobValidator;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * What the job schema says of each field beyond its type: the description people read in their
 * editor, the default {@code normalized()} fills in, the pattern or minimum the validator checks.
 * Keyed by {@code Type.field} of the records in {@code io.hydra.core.job}; {@code JobSchemaTest}
 * fails on a field without a description.
 */
final class JobSchemaText {

  /** {@link JobValidator#NAME} as a JSON Schema pattern (anchored). */
  static final String NAME_PATTERN = "^" + JobValidator.NAME.pattern() + "$";

  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry(
              "JobSpec",
              "A job: what to run, when (a schedule, upstream jobs, or triggers only) and how"
                  + " (concurrency, retries, timeout, notifications)."),
          Map.entry(
              "JobSpec.name",
              "Unique name: 1-128 characters, lower-case letters, digits, '.', '_' or '-',"
                  + " starting with a letter or digit."),
          Map.entry("JobSpec.owner", "Who owns the job (a team or person), for people to read."),
          Map.entry("JobSpec.description", "What the job does, for people to read."),
          Map.entry("JobSpec.labels", "Free key-value labels (keys 1-63 characters)."),
          Map.entry(
              "JobSpec.schedules",
              "When the job fires: one schedule, or a list of them whose fires are merged (two"
                  + " firing at the same instant make one run; the first one's zone gives logical"
                  + " times their dates). A job without a schedule runs when its same-time"
                  + " upstreams end, or, with none, only when triggered (trigger-only)."),
          Map.entry(
              "JobSpec.after",
              "Upstream jobs: a name waits for that job's run for the same logical time;"
                  + " {job, within} waits for a success of job with logical time in"
                  + " [T - within, T]."),
          Map.entry(
              "JobSpec.trigger",
              "When a run's same-time upstreams let it start: all_success (every one"
                  + " succeeded), all_done (every one ended), one_failed (one failed)."),
          Map.entry(
              "JobSpec.concurrency",
              "A new run while another run of the job is active: forbid (skip the new one),"
                  + " allow, replace (end the others), queue (one at a time, in logical-time"
                  + " order)."),
          Map.entry("JobSpec.retries", "How a failed attempt is retried."),
          Map.entry(
              "JobSpec.timeout",
              "How long one attempt may run before it is killed as timed out, an ISO-8601 duration such as PT30M."),
          Map.entry(
              "JobSpec.paused",
              "Paused: fires are recorded as skipped (paused); on resume the catch-up policy"
                  + " decides which run. Omitted in a file, an apply keeps the job's pause as"
                  + " it is."),
          Map.entry("JobSpec.task", "What each attempt runs."),
          Map.entry(
              "JobSpec.deadline",
              "By when, counted from its logical time, a run should have succeeded (an ISO-8601"
                  + " duration such as PT4H). Hydra predicts each run's finish from history and"
                  + " notifies at_risk as soon as the prediction passes the deadline, and"
                  + " deadline_missed when it passes unmet."),
          Map.entry(
              "JobSpec.priority",
              "Which queued runs start first when capacity is short: a higher priority first"
                  + " (from -1000 to 1000). Among equal priorities, capacity is shared fairly"
                  + " across owners. A trigger or backfill may give its runs another."),
          Map.entry(
              "JobSpec.pipeline",
              "Only on a pipeline root (a job without a same-time upstream): what happens to"
                  + " the whole pipeline it starts, for one logical time."),
          Map.entry(
              "PipelinePolicy.retries",
              "Once every node of the pipeline has ended and one failed, wait the backoff and"
                  + " re-run the failed nodes with their downstream; at most max times per logical"
                  + " time. A killed node is not retried."),
          Map.entry(
              "JobSpec.notify",
              "Webhooks told of run events (notify); without any, the server's default"
                  + " applies."),
          Map.entry(
              "ScheduleSpec.cron",
              "The cron expression: five fields (unix) or Quartz's six or seven; macros such"
                  + " as @daily are accepted. It must match some date."),
          Map.entry("ScheduleSpec.dialect", "How to read cron: unix (five fields) or quartz."),
          Map.entry(
              "ScheduleSpec.timezone",
              "The IANA time zone the expression is read in, e.g." + " Europe/Paris."),
          Map.entry("ScheduleSpec.dst", "What to do with fire times that DST skips or repeats."),
          Map.entry(
              "ScheduleSpec.catchup",
              "Fires missed while the server was down or the job paused: latest runs the most"
                  + " recent, all runs each in order, none runs none; the others are recorded"
                  + " as skipped (missed)."),
          Map.entry(
              "ScheduleSpec.startingDeadline",
              "How late a fire may still start; later ones are recorded as missed, an ISO-8601 duration such as PT30M."),
          Map.entry(
              "ScheduleSpec.calendar",
              "A calendar (kind: calendar) whose dates this schedule does not run on: a fire on"
                  + " one, read in the schedule's time zone, is recorded as skipped (calendar)."),
          Map.entry(
              "ScheduleSpec.onlyOn",
              "A calendar whose business days are the only days this schedule runs on: Monday"
                  + " to Friday, except the calendar's dates; other fires are recorded as"
                  + " skipped (calendar)."),
          Map.entry(
              "DstPolicy.gap",
              "A time that does not exist (clocks jump forward): shift fires once just after"
                  + " the gap, skip does not fire."),
          Map.entry(
              "DstPolicy.overlap",
              "A time that happens twice (clocks go back): first, last or both occurrences."),
          Map.entry("RetryPolicy.max", "Retries after the first attempt fails (0-100)."),
          Map.entry(
              "RetryPolicy.delay",
              "The wait before the first retry, an ISO-8601 duration such as PT30M."),
          Map.entry(
              "RetryPolicy.backoff", "Each next wait is this many times the previous (1.0-100.0)."),
          Map.entry(
              "RetryPolicy.maxDelay",
              "The longest wait between retries, an ISO-8601 duration such as PT30M."),
          Map.entry(
              "TaskSpec.command",
              "A shell command (sh -c). Give command or args; the environment has HYDRA_JOB,"
                  + " HYDRA_RUN_ID, HYDRA_LOGICAL_TIME, HYDRA_LOGICAL_DATE, HYDRA_ATTEMPT and"
                  + " HYDRA_PARAM_<KEY> for each parameter."),
          Map.entry("TaskSpec.args", "A program and its arguments, run without a shell."),
          Map.entry("TaskSpec.container", "A container image to run the task in (Mesos)."),
          Map.entry("TaskSpec.resources", "What one attempt needs of its launcher."),
          Map.entry(
              "TaskSpec.env",
              "Environment variables; a value 'secret:NAME' is read from the server's secret"
                  + " store and masked in answers."),
          Map.entry("TaskSpec.uris", "URIs the Mesos fetcher downloads into the sandbox."),
          Map.entry(
              "TaskSpec.constraints",
              "Placement constraints (Mesos), each [attribute, operator, value?], e.g."
                  + " [rack, UNLIKE, r1] or [hostname, UNIQUE]."),
          Map.entry("TaskSpec.secrets", "Names of secrets exposed to the task as files."),
          Map.entry("ContainerSpec.image", "The container image, e.g. alpine:3.20."),
          Map.entry("Resources.cpus", "CPUs (fractions allowed)."),
          Map.entry("Resources.mem", "Memory in MiB."),
          Map.entry("Resources.disk", "Disk in MiB."),
          Map.entry("Resources.gpus", "GPUs."),
          Map.entry(
              "NotifySpec.on",
              "The run events to notify: failed, retrying, upstream_failed, missed, succeeded,"
                  + " killed."),
          Map.entry("NotifySpec.webhook", "The URL posted to."),
          Map.entry("NotifySpec.format", "The body's format: json or slack."));

  private static final Map<String, Object> DEFAULTS =
      Map.ofEntries(
          Map.entry("JobSpec.trigger", "all_success"),
          Map.entry("JobSpec.concurrency", "forbid"),
          Map.entry("JobSpec.paused", false),
          Map.entry("JobSpec.priority", 0),
          Map.entry("ScheduleSpec.dialect", "unix"),
          Map.entry("ScheduleSpec.timezone", "UTC"),
          Map.entry("ScheduleSpec.catchup", "latest"),
          Map.entry("DstPolicy.gap", "shift"),
          Map.entry("DstPolicy.overlap", "first"),
          Map.entry("RetryPolicy.max", 0),
          Map.entry("RetryPolicy.backoff", 2.0),
          Map.entry("Resources.cpus", 0.1),
          Map.entry("Resources.mem", 128.0),
          Map.entry("Resources.disk", 0.0),
          Map.entry("Resources.gpus", 0),
          Map.entry("NotifySpec.on", NotifySpec.DEFAULT_ON),
          Map.entry("NotifySpec.format", "json"));

  private static final Set<String> REQUIRED =
      Set.of("JobSpec.name", "JobSpec.task", "ScheduleSpec.cron", "NotifySpec.webhook");

  private static final Map<String, String> PATTERNS =
      Map.of("JobSpec.name", NAME_PATTERN, "NotifySpec.webhook", "^https?://");

  private static final Map<String, BigDecimal> MINIMUMS =
      Map.of(
          "JobSpec.priority", BigDecimal.valueOf(JobSpec.MIN_PRIORITY),
          "RetryPolicy.max", BigDecimal.ZERO,
          "RetryPolicy.backoff", BigDecimal.ONE,
          "Resources.cpus", BigDecimal.ZERO,
          "Resources.mem", BigDecimal.ZERO,
          "Resources.disk", BigDecimal.ZERO,
          "Resources.gpus", BigDecimal.ZERO);

  private JobSchemaText() {}

  static String description(String key) {
    return DESCRIPTIONS.get(key);
  }

  static Object defaultValue(String key) {
    return DEFAULTS.get(key);
  }

  static boolean required(String key) {
    return REQUIRED.contains(key);
  }

  static String pattern(String key) {
    return PATTERNS.get(key);
  }

  static BigDecimal minimum(String key) {
    return MINIMUMS.get(key);
  }

  static BigDecimal maximum(String key) {
    return key.equals("JobSpec.priority") ? BigDecimal.valueOf(JobSpec.MAX_PRIORITY) : null;
  }

  static Boolean unique(String key) {
    return key.equals("NotifySpec.on") || key.equals("JobSpec.after") ? Boolean.TRUE : null;
  }
}
