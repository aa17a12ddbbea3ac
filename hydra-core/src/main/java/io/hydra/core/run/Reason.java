package io.hydra.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a run is in its state, as data: a {@link ReasonKind} and the details that make it specific
 * (the upstream job whose run for the same logical time decided it, the attempt and its exit code,
 * the retry time, who acted). The sentence people read is rendered from these ({@link #text}); code
 * decides by the kind and reads the details, never the sentence.
 *
 * <p>Details are strings keyed by the names below, so they are stored and answered as a flat JSON
 * object. A reason recorded before reasons had details keeps its stored sentence as {@link #TEXT}.
 */
public record Reason(ReasonKind kind, Map<String, String> details) {

  /** The upstream job; its run is the one for the same logical time. */
  public static final String UPSTREAM = "upstream";

  /** What a waiting run awaits of its upstream: {@code succeed}, {@code end} or {@code fail}. */
  public static final String AWAITS = "awaits";

  /** The trigger rule that decided a verdict. */
  public static final String TRIGGER = "trigger";

  /** Who acted: the operator or API key. */
  public static final String BY = "by";

  /** The run that replaced this one. */
  public static final String RUN = "run";

  /** The backfill that created or cancelled it. */
  public static final String BACKFILL = "backfill";

  /** The attempt number. */
  public static final String ATTEMPT = "attempt";

  /** When the attempt's task started running. */
  public static final String SINCE = "since";

  /** The machine the attempt's task runs on. */
  public static final String HOST = "host";

  /** The attempt's exit code. */
  public static final String EXIT_CODE = "exitCode";

  /** What the launcher said of the attempt's end. */
  public static final String MESSAGE = "message";

  /** Why its attempt was killed (the sentence of the kill's reason). */
  public static final String KILLED_FOR = "killedFor";

  /** How the launcher reported the attempt's end: {@code succeeded}, {@code failed}, ... */
  public static final String TASK = "task";

  /** Failed attempts so far, counted against {@link #RETRIES}. */
  public static final String FAILURES = "failures";

  /** The retry policy's maximum. */
  public static final String RETRIES = "retries";

  /** Which pipeline retry re-ran the run (1 for the first), counted against {@link #RETRIES}. */
  public static final String PIPELINE_RETRY = "pipelineRetry";

  /** When the next attempt is due. */
  public static final String RETRY_AT = "retryAt";

  /** The scheduled fire time not run. */
  public static final String FIRE = "fire";

  /** The calendar that excluded a fire's date. */
  public static final String CALENDAR = "calendar";

  /** How the calendar excluded it: {@code calendar} (one of its dates) or {@code onlyOn}. */
  public static final String RULE = "rule";

  /** The fire's date in its schedule's time zone. */
  public static final String DATE = "date";

  /** The job's catch-up policy. */
  public static final String CATCHUP = "catchup";

  /** How many older fires were not recorded one by one (a long downtime). */
  public static final String NOT_RECORDED = "olderFiresNotRecorded";

  /** The freshness windows no success fell in, as {@code 'job' [from, to]}. */
  public static final String WINDOWS = "windows";

  /** A deadline that passed. */
  public static final String DEADLINE = "deadline";

  /** The sentence of a reason recorded before reasons had details. */
  public static final String TEXT = "text";

  public Reason {
    Objects.requireNonNull(kind, "kind");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * A reason of {@code kind} with details given as key, value, key, value; null values left out.
   */
  public static Reason of(ReasonKind kind, Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("details come in key, value pairs");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        details.put((String) keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
      }
    }
    return new Reason(kind, details);
  }

  /** A reason stored before it had details: its kind and its sentence as it was. */
  public static Reason legacy(ReasonKind kind, String text) {
    return of(kind, TEXT, text);
  }

  /** This reason with one more detail. */
  public Reason with(String key, Object value) {
    Map<String, String> more = new LinkedHashMap<>(details);
    more.put(key, String.valueOf(value));
    return new Reason(kind, more);
  }

  /** A detail, or null. */
  public String detail(String key) {
    return details.get(key);
  }

  /** The sentence people read. */
  public String text() {
    return ReasonText.render(this);
  }

  /** The sentence an attempt shows for this reason: its task's end, in the launcher's terms. */
  public String attemptText() {
    return ReasonText.renderAttempt(this);
  }
}
