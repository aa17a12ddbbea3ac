package io.hydra.store.calendar;

import io.hydra.core.calendar.CalendarSpec;
import java.time.Instant;

/** A calendar as stored: its definition (dates in order, each once) and when it changed. */
public record StoredCalendar(CalendarSpec spec, int version, Instant createdAt, Instant updatedAt) {

  public String name() {
    return spec.name();
  }
}
