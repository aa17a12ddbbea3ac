package io.hydra.core.job;

import java.util.List;

/**
 * One notification of a job: which run events go to which webhook, in which format: {@code notify:
 * [{on: [failed], webhook: URL}]}.
 */
public record NotifySpec(List<String> on, String webhook, String format) {

  /**
   * The run events a notification can be about; {@code at_risk} and {@code deadline_missed} come
   * only for jobs with a {@code deadline}.
   */
  public static final List<String> EVENTS =
      List.of(
          "failed",
          "retrying",
          "upstream_failed",
          "missed",
          "succeeded",
          "killed",
          "at_risk",
          "deadline_missed");

  /** What needs a person: a deadline is opt-in per job, so its events are on by default too. */
  public static final List<String> DEFAULT_ON =
      List.of("failed", "upstream_failed", "missed", "at_risk", "deadline_missed");

  public static final List<String> FORMATS = List.of("json", "slack");

  public NotifySpec normalized() {
    return new NotifySpec(
        on == null || on.isEmpty() ? DEFAULT_ON : List.copyOf(on),
        webhook,
        format == null ? "json" : format);
  }
}
