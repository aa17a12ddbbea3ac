package io.hydra.store.calendar;

import io.hydra.core.calendar.CalendarSpec;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code calendar} table: one row per named calendar, its dates in order, each once. */
public final class Calendars {

  /** What a {@link #put} did. */
  public enum Change {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  private final Handle handle;

  public Calendars(Handle handle) {
    this.handle = handle;
  }

  public List<StoredCalendar> list() {
    return handle
        .createQuery("select * from calendar order by name collate \"C\"")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  public Optional<StoredCalendar> get(String name) {
    return handle
        .createQuery("select * from calendar where name = :name")
        .bind("name", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Creates or replaces a calendar; a calendar with the same words and dates is left as it is. */
  public Change put(CalendarSpec calendar, Instant now) {
    CalendarSpec normal = calendar.normalized();
    Optional<StoredCalendar> old = get(normal.name());
    if (old.isPresent() && old.get().spec().equals(normal)) {
      return Change.UNCHANGED;
    }
    handle
        .createUpdate(
            """
            insert into calendar (name, description, dates, version, created_at, updated_at)
            values (:name, :description, :dates::date[], 1, :now, :now)
            on conflict (name) do update set description = excluded.description,
                dates = excluded.dates, version = calendar.version + 1,
                updated_at = excluded.updated_at""")
        .bind("name", normal.name())
        .bind("description", normal.description())
        .bind("dates", normal.dates().stream().map(LocalDate::toString).toArray(String[]::new))
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .execute();
    return old.isPresent() ? Change.UPDATED : Change.CREATED;
  }

  /** Deletes a calendar; false if there was none. */
  public boolean delete(String name) {
    return handle
            .createUpdate("delete from calendar where name = :name")
            .bind("name", name)
            .execute()
        > 0;
  }

  /**
   * The jobs whose schedules name the calendar ({@code calendar} or {@code onlyOn}), by name. A
   * job's {@code schedule} is an object or a list of them; the lax JSON path reads both.
   */
  public List<String> usedBy(String name) {
    return handle
        .createQuery(
            """
            select name from job
            where jsonb_path_exists(spec,
                'lax $.schedule[*] ? (@.calendar == $n || @.onlyOn == $n)',
                jsonb_build_object('n', :name::text))
            order by name collate "C\"""")
        .bind("name", name)
        .mapTo(String.class)
        .list();
  }

  private static StoredCalendar map(ResultSet rs) throws SQLException {
    List<LocalDate> dates = new ArrayList<>();
    Array array = rs.getArray("dates");
    for (Object d : (Object[]) array.getArray()) {
      dates.add(((Date) d).toLocalDate());
    }
    CalendarSpec spec = new CalendarSpec(rs.getString("name"), rs.getString("description"), dates);
    return new StoredCalendar(
        spec,
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
