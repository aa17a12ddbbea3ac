package io.hydra.core.run;

/**
 * Renders a {@link Reason} as the sentence people read in run lists, timelines and notifications:
 * one place for every wording, so the wording may change without touching what decides anything.
 */
final class ReasonText {

  private ReasonText() {}

  static String render(Reason r) {
    String legacy = r.detail(Reason.TEXT);
    if (legacy != null) {
      return legacy;
    }
    return switch (r.kind()) {
      case SCHEDULED -> "scheduled fire";
      case TRIGGERED -> "triggered";
      case BACKFILL -> "backfill";
      case UPSTREAM_ENDED -> "created when an upstream run ended";
      case UPSTREAM_PENDING -> pending(r);
      case UPSTREAMS_MET -> met(r);
      case UPSTREAM_FAILED -> upstream(r) + " failed";
      case UPSTREAM_SKIPPED -> upstream(r) + " was skipped";
      case NO_UPSTREAM_FAILED -> "no upstream run failed";
      case UPSTREAM_TIMEOUT -> timeout(r);
      case UPSTREAM_RERUN ->
          "waiting for the re-run of upstream '"
              + r.detail(Reason.UPSTREAM)
              + "'"
              + (r.detail(Reason.PIPELINE_RETRY) == null
                  ? ""
                  : " (pipeline retry " + r.detail(Reason.PIPELINE_RETRY) + ")");
      case MISSED ->
          notRecorded(
              r,
              "missed: fire at "
                  + r.detail(Reason.FIRE)
                  + " was not run (catchup: "
                  + r.detail(Reason.CATCHUP)
                  + ")");
      case PAUSED ->
          notRecorded(
              r,
              "paused: fire at "
                  + r.detail(Reason.FIRE)
                  + " was not run because the job is paused");
      case CALENDAR ->
          notRecorded(
              r, "calendar: fire at " + r.detail(Reason.FIRE) + " was not run: " + excluded(r));
      case CONCURRENCY -> "concurrency: another run of this job is active (concurrency: forbid)";
      case MANUAL -> "manual: " + byOperatorOrBackfill(r, "skipped");
      case KILLED -> byOperatorOrBackfill(r, "killed");
      case REPLACED -> "replaced by run " + r.detail(Reason.RUN) + " (concurrency: replace)";
      case JOB_DELETED -> "job was deleted";
      case LAUNCHING -> "attempt " + r.detail(Reason.ATTEMPT) + " launching";
      case ATTEMPT_RUNNING -> running(r);
      case ATTEMPT_SUCCEEDED -> attempt(r, "succeeded");
      case ATTEMPT_FAILED -> attempt(r, "failed");
      // Without an attempt it is the kill's own reason: the attempt passed its deadline.
      case ATTEMPT_TIMED_OUT ->
          r.detail(Reason.ATTEMPT) == null ? "timeout" : attempt(r, "timed out");
      case ATTEMPT_KILLED -> attempt(r, "was killed");
      case ATTEMPT_LOST -> attempt(r, "was lost");
      case ATTEMPT_NOT_STARTED -> attempt(r, "never started") + "; starting it again";
      case RETRY_DUE -> "retry timer fired";
      case RERUN -> "re-run requested by " + r.detail(Reason.BY);
      case MARKED_SUCCEEDED -> "marked successful by " + r.detail(Reason.BY);
      case CAUGHT_UP -> "caught up after resume (catchup: " + r.detail(Reason.CATCHUP) + ")";
      case HELD -> "held by " + r.detail(Reason.BY);
      case RELEASED -> "released by " + r.detail(Reason.BY);
      case PIPELINE_RETRY -> pipelineRetry(r);
      case UNKNOWN -> "unknown";
    };
  }

  /** "re-run by pipeline retry 1 of 2" (of the policy's maximum, if any), and who asked for it. */
  private static String pipelineRetry(Reason r) {
    String by = r.detail(Reason.BY);
    String max = r.detail(Reason.RETRIES);
    return "re-run by pipeline retry "
        + r.detail(Reason.PIPELINE_RETRY)
        + (max == null ? "" : " of " + max)
        + (by == null ? "" : ", requested by " + by);
  }

  /** Why a calendar excluded a date, e.g. "2027-12-25 is excluded by calendar us-holidays". */
  static String excluded(Reason r) {
    String date = r.detail(Reason.DATE);
    String calendar = r.detail(Reason.CALENDAR);
    return "onlyOn".equals(r.detail(Reason.RULE))
        ? date + " is not a business day of calendar " + calendar
        : date + " is excluded by calendar " + calendar;
  }

  /** "exited 1 after kill (timeout): exit code 1", as an attempt shows how its task ended. */
  static String renderAttempt(Reason r) {
    String legacy = r.detail(Reason.TEXT);
    if (legacy != null) {
      return legacy;
    }
    if (r.kind() == ReasonKind.LAUNCHING || r.kind() == ReasonKind.ATTEMPT_RUNNING) {
      return r.kind() == ReasonKind.LAUNCHING ? "launching" : "running";
    }
    String code = r.detail(Reason.EXIT_CODE);
    String task = String.valueOf(r.detail(Reason.TASK));
    StringBuilder s =
        new StringBuilder(
            switch (task) {
              case "succeeded" -> "exited 0";
              case "failed" -> code == null ? "failed" : "exited " + code;
              case "not_started" -> "never started";
              default -> task; // killed, lost
            });
    if (r.detail(Reason.KILLED_FOR) != null) {
      s.append(" after kill (").append(r.detail(Reason.KILLED_FOR)).append(')');
    }
    String message = r.detail(Reason.MESSAGE);
    if (message != null && !message.isBlank()) {
      s.append(": ").append(message);
    } else if (code != null && !code.equals("0")) {
      s.append(": exit code ").append(code);
    }
    return s.toString();
  }

  /** "attempt 1 running since 2026-03-02T02:00:04Z on host a1": each part only once known. */
  private static String running(Reason r) {
    StringBuilder s =
        new StringBuilder("attempt ").append(r.detail(Reason.ATTEMPT)).append(" running");
    if (r.detail(Reason.SINCE) != null) {
      s.append(" since ").append(r.detail(Reason.SINCE));
    }
    if (r.detail(Reason.HOST) != null) {
      s.append(" on host ").append(r.detail(Reason.HOST));
    }
    return s.toString();
  }

  private static String upstream(Reason r) {
    return "upstream run of '" + r.detail(Reason.UPSTREAM) + "'";
  }

  private static String pending(Reason r) {
    String awaits = r.detail(Reason.AWAITS);
    return "fail".equals(awaits)
        ? "waiting for an upstream run to fail"
        : "waiting for " + upstream(r) + " to " + awaits;
  }

  private static String met(Reason r) {
    String trigger = r.detail(Reason.TRIGGER);
    if ("one_failed".equals(trigger)) {
      return upstream(r) + " failed";
    }
    return "all_done".equals(trigger) ? "all upstream runs ended" : "all upstream runs succeeded";
  }

  private static String timeout(Reason r) {
    String windows = r.detail(Reason.WINDOWS);
    if (windows == null) {
      return "upstream_timeout: job was deleted";
    }
    return "upstream_timeout: no success of " + windows + " by " + r.detail(Reason.DEADLINE);
  }

  private static String notRecorded(Reason r, String sentence) {
    String older = r.detail(Reason.NOT_RECORDED);
    return older == null
        ? sentence
        : sentence + "; " + older + " older fires not recorded individually";
  }

  private static String byOperatorOrBackfill(Reason r, String what) {
    String backfill = r.detail(Reason.BACKFILL);
    String by = r.detail(Reason.BY);
    return backfill == null ? what + " by " + by : "backfill " + backfill + " cancelled by " + by;
  }

  /** "attempt 2 failed (exit code 1); retry 1 of 3 at ..." */
  private static String attempt(Reason r, String outcome) {
    StringBuilder s = new StringBuilder("attempt ").append(r.detail(Reason.ATTEMPT));
    s.append(' ').append(outcome);
    String why = cause(r);
    if (why != null) {
      s.append(" (").append(why).append(')');
    }
    String retryAt = r.detail(Reason.RETRY_AT);
    if (retryAt != null) {
      s.append("; retry ")
          .append(r.detail(Reason.FAILURES))
          .append(" of ")
          .append(r.detail(Reason.RETRIES))
          .append(" at ")
          .append(retryAt);
    } else if (r.detail(Reason.FAILURES) != null
        && Integer.parseInt(r.detail(Reason.FAILURES)) > 1) {
      s.append("; no retries left");
    }
    return s.toString();
  }

  /** Why the attempt ended as it did: the kill's reason, the launcher's word, or the exit code. */
  private static String cause(Reason r) {
    if (r.detail(Reason.KILLED_FOR) != null) {
      return r.detail(Reason.KILLED_FOR);
    }
    String message = r.detail(Reason.MESSAGE);
    if (message != null && !message.isBlank()) {
      return message;
    }
    String code = r.detail(Reason.EXIT_CODE);
    return code != null && !code.equals("0") ? "exit code " + code : null;
  }
}
