package io.hydra.core.validate;

import io.hydra.core.error.ValidationException;
import java.time.Instant;

/**
 * The instants Hydra accepts from users: years 1 to 9999. Java reads year 0 and years past 9999,
 * but PostgreSQL has no year 0 and ISO-8601 text past 9999 needs a sign, so such an instant would
 * fail later, deep inside a query, instead of being refused with the field named.
 */
public final class Instants {

  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private Instants() {}

  /** The instant, if it lies in years 1 to 9999; otherwise a validation error naming the field. */
  public static Instant inRange(String field, Instant value) {
    if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
      throw ValidationException.of(
          field, "'" + value + "' is out of range: give an instant in the years 1 to 9999");
    }
    return value;
  }
}
