package io.hydra.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times and durations read on every page: in the job's zone, with UTC beside it. */
public final class Fmt {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Fmt() {}

  public static String local(Instant at, ZoneId zone) {
    return at == null ? "" : LOCAL.format(at.atZone(zone));
  }

  public static String utc(Instant at) {
    return at == null ? "" : UTC.format(at);
  }

  /** ISO-8601 for machines ({@code <time datetime>}, form values). */
  public static String iso(Instant at) {
    return at == null ? "" : at.toString();
  }

  /** "1 m 05 s", "850 ms"; empty when the run has not started. */
  public static String duration(Instant start, Instant end) {
    if (start == null) {
      return "";
    }
    Duration d = Duration.between(start, end == null ? Instant.now() : end);
    if (d.toSeconds() < 1) {
      return d.toMillis() + " ms";
    }
    if (d.toMinutes() < 1) {
      return d.toSeconds() + " s";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + " m " + String.format("%02d", d.toSecondsPart()) + " s";
    }
    return d.toHours() + " h " + String.format("%02d", d.toMinutesPart()) + " m";
  }
}
