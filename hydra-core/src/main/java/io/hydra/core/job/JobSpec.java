package io.hydra.core.job;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A job definition, exactly as a user writes it in YAML, JSON or the UI. Immutable; every change of
 * a job is stored as a new version. Optional parts are {@code null} or empty, never absent by
 * exception, and {@link #normalized()} fills the documented defaults.
 *
 * <p>A job may have several schedules ({@code schedule:} written as a list). {@link #schedules()}
 * holds them all and is what the YAML and JSON {@code schedule} field reads and writes (an object
 * for one, a list for several); {@link #schedule()} is the first of them, so code that needs one
 * schedule (the zone of a logical time's date, a preview) reads it as before. Whichever a
 * constructor is given, the other is derived from it, {@code schedules} winning when both are.
 */
public record JobSpec(
    String name,
    String owner,
    String description,
    Map<String, String> labels,
    // The first of the schedules: neither read nor written on its own, the list is.
    @JsonIgnore @JsonProperty(FIRST_SCHEDULE) ScheduleSpec schedule,
    List<UpstreamRef> after,
    TriggerRule trigger,
    ConcurrencyPolicy concurrency,
    RetryPolicy retries,
    Duration timeout,
    Boolean paused,
    TaskSpec task,
    // "notify" in YAML and JSON; the component cannot be named after Object.notify().
    @JsonProperty("notify") List<NotifySpec> notifications,
    Duration deadline,
    Integer priority,
    PipelinePolicy pipeline,
    @JsonProperty("schedule")
        @JsonFormat(
            with = {
              JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
              JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED
            })
        List<ScheduleSpec> schedules) {

  /**
   * The name Jackson knows {@link #schedule()} by: never written, and refused in input by the
   * reader, since a record's two components cannot both be "schedule" to Jackson.
   */
  public static final String FIRST_SCHEDULE = "firstSchedule";

  /** The lowest and highest priority: higher starts first, the default is 0. */
  public static final int MIN_PRIORITY = -1000;

  public static final int MAX_PRIORITY = 1000;

  public JobSpec {
    if (schedules != null && !schedules.isEmpty()) {
      // Null entries stay for the validator to name (schedule[i]).
      schedules = Collections.unmodifiableList(new ArrayList<>(schedules));
      schedule = schedules.get(0);
    } else {
      schedules = schedule == null ? null : List.of(schedule);
    }
  }

  /** A builder for a job called {@code name}, every other component unset ({@code null}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding every component of this spec: {@code toBuilder().build()} equals it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The same spec with every documented default filled in (docs/concepts.md). */
  public JobSpec normalized() {
    return new JobSpec(
        name,
        owner,
        description,
        labels == null ? Map.of() : Map.copyOf(labels),
        null,
        after == null ? List.of() : List.copyOf(after),
        trigger == null ? TriggerRule.ALL_SUCCESS : trigger,
        concurrency == null ? ConcurrencyPolicy.FORBID : concurrency,
        retries == null ? RetryPolicy.NONE : retries.normalized(),
        timeout,
        paused != null && paused,
        task == null ? null : task.normalized(),
        notifications == null
            ? List.of()
            : notifications.stream().map(n -> n == null ? null : n.normalized()).toList(),
        deadline,
        priority == null ? 0 : priority,
        pipeline == null ? null : pipeline.normalized(),
        schedules == null
            ? null
            : schedules.stream().map(s -> s == null ? null : s.normalized()).toList());
  }

  /** The priority of the job's runs: 0 unless set. */
  public int priorityOrDefault() {
    return priority == null ? 0 : priority;
  }

  /** The pipeline retries this job declares as a root (0 without a policy). */
  public int pipelineRetries() {
    return pipeline == null ? 0 : pipeline.maxRetries();
  }

  /** Every schedule, in the order written; empty for a job without one. */
  public List<ScheduleSpec> allSchedules() {
    return schedules == null ? List.of() : schedules;
  }

  // Not named isPaused: Jackson would serialise a bean getter as a second "paused".
  public boolean pausedFlag() {
    return paused != null && paused;
  }

  /**
   * The zone that gives a logical time its date: the (first) schedule's, or UTC without a schedule.
   */
  public ZoneId zone() {
    if (schedule == null || schedule.timezone() == null) {
      return ZoneOffset.UTC;
    }
    return ZoneId.of(schedule.timezone());
  }

  /** Every job this one waits for, by name (same-time and freshness edges). */
  public List<String> upstreams() {
    if (after == null) {
      return List.of();
    }
    // Null entries are the validator's to report; here they are no upstream.
    return after.stream().filter(u -> u != null && u.job() != null).map(UpstreamRef::job).toList();
  }

  /** Upstreams that share this job's logical time (not freshness edges). */
  public List<String> sameTimeUpstreams() {
    if (after == null) {
      return List.of();
    }
    // Null entries are the validator's to report; here they are no upstream.
    return after.stream()
        .filter(u -> u != null && u.within() == null)
        .map(UpstreamRef::job)
        .toList();
  }

  public JobSpec withPaused(boolean value) {
    return toBuilder().paused(value).build();
  }

  public JobSpec withTask(TaskSpec value) {
    return toBuilder().task(value).build();
  }

  /**
   * Builds a {@link JobSpec} by naming the parts that are set, so a spec with a few of its
   * seventeen components is not a positional call full of nulls. What is not set stays {@code
   * null}, as when it is left out of the YAML. Obtained from {@link JobSpec#builder(String)} or
   * {@link JobSpec#toBuilder()}; {@link #build()} goes through the canonical constructor, like
   * Jackson.
   */
  public static final class Builder {

    private String name;
    private String owner;
    private String description;
    private Map<String, String> labels;
    private ScheduleSpec schedule;
    private List<UpstreamRef> after;
    private TriggerRule trigger;
    private ConcurrencyPolicy concurrency;
    private RetryPolicy retries;
    private Duration timeout;
    private Boolean paused;
    private TaskSpec task;
    private List<NotifySpec> notifications;
    private Duration deadline;
    private Integer priority;
    private PipelinePolicy pipeline;
    private List<ScheduleSpec> schedules;

    private Builder(String name) {
      this.name = name;
    }

    private Builder(JobSpec spec) {
      name = spec.name();
      owner = spec.owner();
      description = spec.description();
      labels = spec.labels();
      after = spec.after();
      trigger = spec.trigger();
      concurrency = spec.concurrency();
      retries = spec.retries();
      timeout = spec.timeout();
      paused = spec.paused();
      task = spec.task();
      notifications = spec.notifications();
      deadline = spec.deadline();
      priority = spec.priority();
      pipeline = spec.pipeline();
      // The list alone: the spec's single schedule is its first entry, derived again by build().
      schedules = spec.schedules();
    }

    /** Renames the job, e.g. a copy of a spec stored under another name. */
    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder owner(String value) {
      owner = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    /**
     * Makes {@code value} the job's only schedule, replacing any list set before ({@code null}: no
     * schedule).
     */
    public Builder schedule(ScheduleSpec value) {
      // Cleared rather than kept: the canonical constructor lets a non-empty list win over the
      // single schedule, which would silently undo this call on a builder from toBuilder().
      schedule = value;
      schedules = null;
      return this;
    }

    /** Sets every schedule, in order, replacing a single one set before. */
    public Builder schedules(List<ScheduleSpec> value) {
      schedules = value;
      schedule = null;
      return this;
    }

    public Builder after(List<UpstreamRef> value) {
      after = value;
      return this;
    }

    public Builder trigger(TriggerRule value) {
      trigger = value;
      return this;
    }

    public Builder concurrency(ConcurrencyPolicy value) {
      concurrency = value;
      return this;
    }

    public Builder retries(RetryPolicy value) {
      retries = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder paused(Boolean value) {
      paused = value;
      return this;
    }

    public Builder task(TaskSpec value) {
      task = value;
      return this;
    }

    /** The job's own notifications ({@code notify} in YAML and JSON). */
    public Builder notifications(List<NotifySpec> value) {
      notifications = value;
      return this;
    }

    public Builder deadline(Duration value) {
      deadline = value;
      return this;
    }

    public Builder priority(Integer value) {
      priority = value;
      return this;
    }

    public Builder pipeline(PipelinePolicy value) {
      pipeline = value;
      return this;
    }

    /** The spec as set so far; the builder may go on being used for others. */
    public JobSpec build() {
      return new JobSpec(
          name,
          owner,
          description,
          labels,
          schedule,
          after,
          trigger,
          concurrency,
          retries,
          timeout,
          paused,
          task,
          notifications,
          deadline,
          priority,
          pipeline,
          schedules);
    }
  }
}
