package io.hydra.scheduler.engine;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.job.Secrets;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.schedule.FirePlan;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.validate.AffectedGraph;
import io.hydra.core.validate.CalendarValidator;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.calendar.StoredCalendar;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.job.JobVersion;
import io.hydra.store.job.Jobs;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Defines jobs: validates each change against the job alone and against the whole graph, stores it
 * as a new version, and keeps the job's due time in step, all in one transaction.
 */
public final class JobService {

  /** Serialises job changes so two concurrent edits cannot together form a cycle. */
  private static final long JOB_CHANGE_LOCK = 0x4859_4452_414a_4f42L;

  private final Store store;
  private final Engine engine;
  private final JobChanges changes;

  /**
   * A page of the job list and, read in the same snapshot, the definitions of its jobs as answers
   * show them (secret values masked); {@code jobs} is empty when the caller knew them all.
   */
  public record PageWithJobs(List<Jobs.ListedJob> page, List<StoredJob> jobs) {}

  public JobService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
    this.changes = new JobChanges(engine.transitions());
  }

  public StoredJob create(JobSpec raw, String author, String source) {
    JobSpec spec = validated(raw);
    StoredJob job =
        store.inTransaction(
            tx -> {
              lockJobChanges(tx);
              if (tx.jobs().get(spec.name()).isPresent()) {
                throw new ConflictException("job '" + spec.name() + "' already exists");
              }
              checkGraph(tx, spec);
              StoredJob created = tx.jobs().create(spec, author, source, now());
              scheduleFrom(tx, null, spec);
              return created;
            });
    engine.jobChanged(spec.name());
    return masked(job);
  }

  public StoredJob update(String name, JobSpec raw, String author, String source) {
    if (raw.name() != null && !raw.name().equals(name)) {
      throw ValidationException.of(
          "name",
          "'"
              + raw.name()
              + "' does not match the job '"
              + name
              + "' in the path; renaming is creating a new job and deleting the old one");
    }
    StoredJob job =
        store.inTransaction(
            tx -> {
              lockJobChanges(tx);
              StoredJob current =
                  tx.jobs()
                      .getForUpdate(name)
                      .orElseThrow(
                          () -> new NotFoundException("job '" + name + "' does not exist"));
              JobSpec spec = validated(Secrets.keepingStored(withName(raw, name), current.spec()));
              checkGraph(tx, spec);
              StoredJob updated = tx.jobs().update(spec, "updated", author, source, now());
              scheduleFrom(tx, current.spec(), spec);
              changes.redefined(tx, current.spec(), spec, now());
              return updated;
            });
    engine.jobChanged(name);
    return masked(job);
  }

  public StoredJob setPaused(String name, boolean paused, String author) {
    StoredJob job =
        store.inTransaction(
            tx -> {
              StoredJob current =
                  tx.jobs()
                      .getForUpdate(name)
                      .orElseThrow(
                          () -> new NotFoundException("job '" + name + "' does not exist"));
              if (!paused && current.spec().pausedFlag()) {
                catchUpAfterPause(tx, current.spec());
              }
              return tx.jobs()
                  .update(
                      current.spec().withPaused(paused),
                      paused ? "paused" : "resumed",
                      author,
                      null,
                      now());
            });
    engine.jobChanged(name);
    return masked(job);
  }

  /**
   * Fires recorded as skipped while the job was paused get the job's catch-up policy now: {@code
   * latest} runs the most recent, {@code all} each, {@code none} none (all within the starting
   * deadline).
   */
  private void catchUpAfterPause(Tx tx, JobSpec spec) {
    if (spec.schedule() == null) {
      return;
    }
    Instant since = tx.jobs().lastChangeAt(spec.name(), "paused").orElse(Instant.EPOCH);
    List<Run> skipped = tx.runQueue().skippedWhilePaused(spec.name(), since);
    Instant now = now();
    List<Instant> fires = skipped.stream().map(Run::logicalTime).toList();
    if (fires.isEmpty()) {
      return;
    }
    // Decided as a fire after downtime would be: by each schedule's own catch-up policy, and
    // never on a date a calendar excludes now.
    Timetable timetable = Timetable.of(spec.allSchedules(), engine.catalog().calendars());
    FirePlan.Decision plan = new FirePlan(fires.get(0), fires, null).decide(timetable, false, now);
    String catchup = spec.schedule().catchup().name().toLowerCase();
    for (Run run : skipped) {
      if (plan.run().contains(run.logicalTime())) {
        engine.transitions().apply(tx, run, RunLifecycle.catchUp(run.snapshot(), catchup), now);
      }
    }
  }

  public void delete(String name, String author) {
    store.useTransaction(
        tx -> {
          lockJobChanges(tx);
          List<String> dependents = tx.jobs().dependentsOf(name);
          if (!dependents.isEmpty()) {
            throw new ConflictException(
                "job '"
                    + name
                    + "' cannot be deleted: "
                    + String.join(", ", dependents.stream().map(d -> "'" + d + "'").toList())
                    + " depend on it; change or delete them first");
          }
          tx.jobs().delete(name, author, null, now());
          changes.deleted(tx, name, now());
        });
    engine.jobChanged(name);
  }

  /** The job as answers show it: secret env values masked (so are list and versions). */
  public Optional<StoredJob> get(String name) {
    return store.read(tx -> tx.jobs().get(name)).map(JobService::masked);
  }

  public List<StoredJob> list() {
    return store.read(tx -> tx.jobs().list()).stream().map(JobService::masked).toList();
  }

  /**
   * A page of the job list, read in the database (see {@link Jobs#page}): names, versions and next
   * fires, without the definitions. A name and version always stand for the same definition and
   * times, so a caller may keep what it renders of them by name and version.
   */
  public List<Jobs.ListedJob> page(Jobs.JobPage query) {
    return store.read(tx -> tx.jobs().page(query));
  }

  /**
   * The page again, with the definitions of its jobs read in one snapshot with it, so each is the
   * version the page lists even if the job changes meanwhile; none are read if {@code allKnown}
   * says the caller knows every version of the page.
   */
  public PageWithJobs pageWithJobs(Jobs.JobPage query, Predicate<List<Jobs.ListedJob>> allKnown) {
    return store.readSnapshot(
        tx -> {
          List<Jobs.ListedJob> page = tx.jobs().page(query);
          if (allKnown.test(page)) {
            return new PageWithJobs(page, List.of());
          }
          List<String> names = page.stream().map(Jobs.ListedJob::name).toList();
          return new PageWithJobs(
              page, tx.jobs().get(names).stream().map(JobService::masked).toList());
        });
  }

  public List<JobVersion> versions(String name) {
    return store.read(tx -> tx.jobs().versions(name)).stream()
        .map(
            v ->
                new JobVersion(
                    v.job(),
                    v.version(),
                    v.spec() == null ? null : Secrets.masked(v.spec()),
                    v.change(),
                    v.author(),
                    v.source(),
                    v.createdAt()))
        .toList();
  }

  static StoredJob masked(StoredJob job) {
    return new StoredJob(
        Secrets.masked(job.spec()), job.version(), job.createdAt(), job.updatedAt());
  }

  /** The calendars as the engine last read them, by name: for previews of a job's fires. */
  public Map<String, CalendarSpec> calendars() {
    return engine.catalog().calendars();
  }

  public Optional<Instant> nextFire(String name) {
    return store.read(tx -> tx.schedules().nextFire(name));
  }

  /** Checks the job alone; returns it with every default filled in. */
  public static JobSpec validated(JobSpec raw) {
    List<FieldError> errors = specErrors(raw);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return raw.normalized();
  }

  /** The job alone: the validator's findings and any masked secret with nothing stored. */
  private static List<FieldError> specErrors(JobSpec raw) {
    List<FieldError> errors = new ArrayList<>(JobValidator.validate(raw));
    errors.addAll(Secrets.unresolved(raw));
    return errors;
  }

  /**
   * What {@link #create} or {@link #update} would refuse in {@code raw}, without changing anything:
   * the job alone, then the graph with it in. The editor checks drafts with this.
   */
  public List<FieldError> check(JobSpec raw) {
    return store.read(
        tx -> {
          // As update does: a masked secret sent back stands for the stored value.
          JobSpec spec =
              raw.name() == null
                  ? raw
                  : tx.jobs()
                      .get(raw.name())
                      .map(current -> Secrets.keepingStored(raw, current.spec()))
                      .orElse(raw);
          List<FieldError> errors = specErrors(spec);
          return errors.isEmpty() ? graphErrors(tx, spec.normalized()) : errors;
        });
  }

  /** Checks the graph as it would be with {@code spec} in it; reports this job's problems. */
  private static void checkGraph(Tx tx, JobSpec spec) {
    List<FieldError> errors = graphErrors(tx, spec);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  private static List<FieldError> graphErrors(Tx tx, JobSpec spec) {
    // Only this job and what it waits for, read and checked: see AffectedGraph for why that is the
    // whole check. The stored part is found from the new upstreams, not the stored job's own.
    Map<String, JobSpec> all = new LinkedHashMap<>();
    for (StoredJob job : tx.jobs().withUpstreams(spec.upstreams())) {
      all.put(job.name(), job.spec());
    }
    all.put(spec.name(), spec);
    List<FieldError> errors =
        new ArrayList<>(CalendarValidator.unknownCalendars(spec, calendarNames(tx)));
    List<JobSpec> affected = AffectedGraph.of(all, List.of(spec.name()));
    errors.addAll(JobValidator.validateGraph(affected).getOrDefault(spec.name(), List.of()));
    return errors;
  }

  /** The names of the calendars on the server. */
  static Set<String> calendarNames(Tx tx) {
    return tx.calendars().list().stream().map(StoredCalendar::name).collect(Collectors.toSet());
  }

  /** A new or changed schedule fires next after now; an unchanged one keeps its due time. */
  void scheduleFrom(Tx tx, JobSpec before, JobSpec after) {
    if (after.schedule() == null) {
      tx.schedules().remove(after.name());
      return;
    }
    // A calendar named or dropped changes no fire time, so it keeps the due time too.
    boolean changed =
        before == null || !fireTimes(before.allSchedules()).equals(fireTimes(after.allSchedules()));
    if (changed || tx.schedules().nextFire(after.name()).isEmpty()) {
      // Calendars move no due time: a fire on an excluded date happens, and is recorded skipped.
      Optional<Instant> next = Timetable.of(after.allSchedules(), Map.of()).nextAfter(now());
      if (next.isPresent()) {
        tx.schedules().put(after.name(), next.get());
      } else {
        tx.schedules().remove(after.name());
      }
    }
  }

  /** What decides a job's fire times: its schedules without the calendars they name. */
  private static List<ScheduleSpec> fireTimes(List<ScheduleSpec> schedules) {
    return schedules.stream()
        .map(
            s ->
                s == null
                    ? null
                    : new ScheduleSpec(
                        s.cron(),
                        s.dialect(),
                        s.timezone(),
                        s.dst(),
                        s.catchup(),
                        s.startingDeadline()))
        .toList();
  }

  static void lockJobChanges(Tx tx) {
    tx.handle().execute("select pg_advisory_xact_lock(?)", JOB_CHANGE_LOCK);
  }

  private static JobSpec withName(JobSpec spec, String name) {
    return spec.toBuilder().name(name).build();
  }

  private Instant now() {
    return engine.clock().now();
  }

  // For JobApply, which changes a whole set of jobs under the same lock in one transaction.
  Store store() {
    return store;
  }

  Engine engine() {
    return engine;
  }

  JobChanges changes() {
    return changes;
  }
}
