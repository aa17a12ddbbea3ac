package io.hydra.scheduler.engine;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.CalendarValidator;
import io.hydra.scheduler.ha.ChangeListener;
import io.hydra.store.Store;
import io.hydra.store.calendar.Calendars;
import io.hydra.store.calendar.StoredCalendar;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Defines calendars: validates each, stores it, and tells the engine, whose firing reads the new
 * dates from its next fire on. A calendar a job names cannot be deleted. Changes take the lock of
 * job changes, so a job cannot come to name a calendar that is being deleted.
 */
public final class CalendarService {

  private final Store store;
  private final Engine engine;

  public CalendarService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
  }

  /** Beside the jobs service, on its store and engine. */
  public CalendarService(JobService jobs) {
    this(jobs.store(), jobs.engine());
  }

  public List<StoredCalendar> list() {
    return store.read(tx -> tx.calendars().list());
  }

  public Optional<StoredCalendar> get(String name) {
    return store.read(tx -> tx.calendars().get(name));
  }

  /** The jobs whose schedules name the calendar, by name. */
  public List<String> usedBy(String name) {
    return store.read(tx -> tx.calendars().usedBy(name));
  }

  /** Creates or replaces the calendar {@code name}; the body's name, if any, must match. */
  public Calendars.Change put(String name, CalendarSpec raw) {
    if (raw.name() != null && !raw.name().equals(name)) {
      throw ValidationException.of(
          "name", "'" + raw.name() + "' does not match the calendar '" + name + "' in the path");
    }
    CalendarSpec calendar = validated(new CalendarSpec(name, raw.description(), raw.dates()));
    Calendars.Change change =
        store.inTransaction(
            tx -> {
              JobService.lockJobChanges(tx);
              return tx.calendars().put(calendar, engine.clock().now());
            });
    if (change != Calendars.Change.UNCHANGED) {
      changed(store, engine);
    }
    return change;
  }

  /** Deletes a calendar no job names; a 409 names the jobs that do. */
  public void delete(String name) {
    store.useTransaction(
        tx -> {
          JobService.lockJobChanges(tx);
          List<String> users = tx.calendars().usedBy(name);
          if (!users.isEmpty()) {
            throw new ConflictException(
                "calendar '"
                    + name
                    + "' cannot be deleted: "
                    + String.join(", ", users.stream().map(j -> "'" + j + "'").toList())
                    + " name it in their schedule; change or delete them first");
          }
          if (!tx.calendars().delete(name)) {
            throw new NotFoundException("calendar '" + name + "' does not exist");
          }
        });
    changed(store, engine);
  }

  /**
   * After a calendar was created, changed or deleted: firing reads the new dates from its next fire
   * on, here and on every other instance. No due time moves (a fire on an excluded date still
   * happens, as a skip), so the loop need not wake.
   */
  static void changed(Store store, Engine engine) {
    engine.catalog().reloadCalendars(store);
    ChangeListener.notify(store, ChangeListener.CALENDARS);
  }

  /** Checks a calendar; returns it with its dates in order, each once. */
  public static CalendarSpec validated(CalendarSpec raw) {
    List<FieldError> errors = CalendarValidator.validate(raw);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return raw.normalized();
  }
}
