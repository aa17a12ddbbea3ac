package io.hydra.web.cli.client;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as an operator types it: an ISO-8601 instant, or a time ago, short ({@code 30m},
 * {@code 12h}, {@code 7d}) or ISO-8601 ({@code PT2H}, {@code P1D}).
 */
final class Since {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

  private Since() {}

  /** The instant {@code value} means at {@code now}; a mistake names {@code option}. */
  static Instant parse(String option, String value, Instant now) {
    String v = value.strip();
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return now.minus(
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    try {
      if (v.startsWith("PT") || v.startsWith("pt")) {
        return now.minus(Duration.parse(v));
      }
      if (v.startsWith("P") || v.startsWith("p")) {
        return now.minus(Period.parse(v));
      }
      return Instant.parse(v);
    } catch (DateTimeException | ArithmeticException e) {
      throw new ClientException(
          2,
          option
              + ": '"
              + value
              + "' is neither an instant such as 2026-03-01T00:00:00Z nor a time ago such as"
              + " 30m, 12h, 7d or PT2H");
    }
  }
}
