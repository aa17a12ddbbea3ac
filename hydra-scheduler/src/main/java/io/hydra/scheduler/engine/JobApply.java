package io.hydra.scheduler.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.Secrets;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.validate.AffectedGraph;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSet;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.scheduler.apply.SpecDiff;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.calendar.Calendars;
import io.hydra.store.error.ConflictException;
import io.hydra.store.job.StoredJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the jobs on the server match a submitted set ("jobs as code"): validates the set as a whole
 * against what the server would hold afterwards, then creates, updates and (with prune) deletes
 * jobs in one transaction under the same lock as single-job changes. An invalid set changes
 * nothing; two applies run one after the other, never interleaved.
 */
public final class JobApply {

  /** What to apply; {@code ifRevision}, when given, refuses the apply if the jobs changed. */
  public record Request(
      List<JsonNode> jobs,
      boolean prune,
      boolean dryRun,
      String source,
      String ifRevision,
      String author) {}

  private final JobService jobs;
  private final Store store;
  private final Engine engine;

  public JobApply(JobService jobs) {
    this.jobs = jobs;
    this.store = jobs.store();
    this.engine = jobs.engine();
  }

  /**
   * How long the parts of one apply took, filled in by {@link #apply(Request, Phases)}: the scale
   * bench reports the graph check apart from the rest, since it is the part that grows with the
   * catalog rather than with the set.
   */
  public static final class Phases {
    private long readNanos;
    private long graphNanos;
    private long reloadNanos;

    /** Reading every stored job, to compare and to check the graph against. */
    public double readMs() {
      return readNanos / 1e6;
    }

    /** The graph check: unknown upstreams and cycles of the changed jobs against all others. */
    public double graphMs() {
      return graphNanos / 1e6;
    }

    /** The engine's reload of its catalog after the commit. */
    public double reloadMs() {
      return reloadNanos / 1e6;
    }
  }

  public ApplyPlan apply(Request request) {
    return apply(request, new Phases());
  }

  public ApplyPlan apply(Request request, Phases phases) {
    JobSet set = JobSet.parse(request.jobs());
    if (!set.errors().isEmpty()) {
      throw new InvalidJobSetException(set.errors());
    }
    if (request.prune() && set.size() == 0) {
      throw ValidationException.of("jobs", "is empty; with prune this would delete every job");
    }
    String source =
        request.source() == null || request.source().isBlank()
            ? "apply " + set.fingerprint()
            : request.source();
    ApplyPlan plan =
        store.inTransaction(
            tx -> {
              JobService.lockJobChanges(tx);
              return planAndWrite(tx, set, request, source, phases);
            });
    if (!plan.dryRun()) {
      List<String> changed = new ArrayList<>();
      plan.created().forEach(c -> changed.add(c.job()));
      plan.updated().forEach(u -> changed.add(u.job()));
      plan.deleted().forEach(d -> changed.add(d.job()));
      long reloadStart = System.nanoTime();
      engine.jobsChanged(changed);
      phases.reloadNanos = System.nanoTime() - reloadStart;
      if (plan.changesCalendars()) {
        CalendarService.changed(store, engine);
      }
    }
    return plan;
  }

  private ApplyPlan planAndWrite(Tx tx, JobSet set, Request request, String source, Phases phases) {
    long readStart = System.nanoTime();
    Map<String, StoredJob> current = new TreeMap<>();
    tx.jobs().list().forEach(job -> current.put(job.name(), job));
    phases.readNanos = System.nanoTime() - readStart;
    String revision = revision(current.values());

    Map<String, JobSpec> desired = new LinkedHashMap<>();
    set.byName().forEach((name, raw) -> desired.put(name, desired(raw, current.get(name))));
    List<String> outside = current.keySet().stream().filter(n -> !desired.containsKey(n)).toList();
    Map<String, JobSpec> after = new LinkedHashMap<>(desired);
    if (!request.prune()) {
      outside.forEach(name -> after.put(name, current.get(name).spec()));
    }
    List<JobSetError> errors = new ArrayList<>();
    desired
        .values()
        .forEach(
            spec ->
                Secrets.unresolved(spec)
                    .forEach(
                        e ->
                            errors.add(
                                new JobSetError(
                                    set.indexOf(spec.name()),
                                    spec.name(),
                                    e.field(),
                                    e.message()))));
    if (request.prune()) {
      errors.addAll(dependsOnPruned(set, desired, outside));
    }
    errors.addAll(set.unknownCalendars(JobService.calendarNames(tx)));
    long graphStart = System.nanoTime();
    // Only the set's jobs and what they wait for: see AffectedGraph for why that is the whole
    // check.
    List<JobSetError> graphErrors = set.graphErrors(AffectedGraph.of(after, desired.keySet()));
    phases.graphNanos = System.nanoTime() - graphStart;
    for (JobSetError e : graphErrors) {
      // By job too: every job outside the set has index -1, and by index and field alone the
      // first of them on a cycle hid the others.
      boolean explained =
          errors.stream()
              .anyMatch(
                  p ->
                      p.index() == e.index()
                          && Objects.equals(p.job(), e.job())
                          && p.field().equals(e.field()));
      if (!explained) {
        errors.add(e);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidJobSetException(errors);
    }
    if (request.ifRevision() != null && !request.ifRevision().equals(revision)) {
      throw new ConflictException(
          "the jobs on the server changed since the plan (revision "
              + request.ifRevision()
              + ", now "
              + revision
              + "); review the new plan and apply again");
    }
    List<ApplyPlan.CalendarChange> calendars = writeCalendars(tx, set, request.dryRun());
    ApplyPlan plan = write(tx, request, source, revision, current, desired, outside);
    return new ApplyPlan(
        plan.dryRun(),
        plan.revision(),
        plan.source(),
        plan.created(),
        plan.updated(),
        plan.deleted(),
        plan.unchanged(),
        plan.notInSet(),
        calendars);
  }

  /** Creates or replaces the set's calendars (in a dry run, only says which it would). */
  private List<ApplyPlan.CalendarChange> writeCalendars(Tx tx, JobSet set, boolean dryRun) {
    List<ApplyPlan.CalendarChange> out = new ArrayList<>();
    Instant now = engine.clock().now();
    for (CalendarSpec calendar : set.calendars().values()) {
      Calendars.Change change;
      if (dryRun) {
        change =
            tx.calendars()
                .get(calendar.name())
                .map(
                    c ->
                        c.spec().equals(calendar)
                            ? Calendars.Change.UNCHANGED
                            : Calendars.Change.UPDATED)
                .orElse(Calendars.Change.CREATED);
      } else {
        change = tx.calendars().put(calendar, now);
      }
      out.add(new ApplyPlan.CalendarChange(calendar.name(), change.name().toLowerCase()));
    }
    return out;
  }

  private ApplyPlan write(
      Tx tx,
      Request request,
      String source,
      String revision,
      Map<String, StoredJob> current,
      Map<String, JobSpec> desired,
      List<String> outside) {
    boolean dryRun = request.dryRun();
    Instant now = engine.clock().now();
    List<ApplyPlan.Created> created = new ArrayList<>();
    List<ApplyPlan.Updated> updated = new ArrayList<>();
    List<ApplyPlan.Deleted> deleted = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (JobSpec spec : desired.values()) {
      StoredJob before = current.get(spec.name());
      if (before == null) {
        Integer version = null;
        if (!dryRun) {
          version = tx.jobs().create(spec, request.author(), source, now).version();
          jobs.scheduleFrom(tx, null, spec);
        }
        created.add(new ApplyPlan.Created(spec.name(), version, Secrets.masked(spec)));
      } else if (before.spec().normalized().equals(spec)) {
        unchanged.add(spec.name());
      } else {
        Integer version = null;
        if (!dryRun) {
          version = tx.jobs().update(spec, "updated", request.author(), source, now).version();
          jobs.scheduleFrom(tx, before.spec(), spec);
          jobs.changes().redefined(tx, before.spec(), spec, now);
        }
        updated.add(
            new ApplyPlan.Updated(
                spec.name(),
                before.version(),
                version,
                SpecDiff.between(
                    Secrets.masked(before.spec().normalized()),
                    Secrets.maskedAgainst(spec, before.spec()))));
      }
    }
    List<String> notInSet = request.prune() ? List.of() : outside;
    if (request.prune()) {
      for (String name : outside) {
        if (!dryRun) {
          tx.jobs().delete(name, request.author(), source, now);
          jobs.changes().deleted(tx, name, now);
        }
        deleted.add(new ApplyPlan.Deleted(name, current.get(name).version()));
      }
    }
    return new ApplyPlan(dryRun, revision, source, created, updated, deleted, unchanged, notInSet);
  }

  /**
   * The spec to store: the submitted one with defaults filled in. A file that does not say {@code
   * paused} leaves the job's pause as it is, since pausing is an operator's call during an
   * incident, which the next routine apply from CI must not undo; an explicit value wins. A masked
   * secret value (from an export) keeps the stored secret.
   */
  private static JobSpec desired(JobSpec raw, StoredJob current) {
    JobSpec spec = current == null ? raw : Secrets.keepingStored(raw, current.spec());
    if (raw.paused() == null && current != null) {
      spec = raw.withPaused(current.spec().pausedFlag());
    }
    return spec.normalized();
  }

  /** Jobs of the set that depend on a job the prune would delete: named, with a way out. */
  private static List<JobSetError> dependsOnPruned(
      JobSet set, Map<String, JobSpec> desired, List<String> prunedList) {
    // A set: a list's contains, once per upstream, was quadratic in a large catalog.
    Set<String> pruned = new HashSet<>(prunedList);
    List<JobSetError> out = new ArrayList<>();
    for (JobSpec spec : desired.values()) {
      List<UpstreamRef> after = spec.after();
      for (int i = 0; i < after.size(); i++) {
        String up = after.get(i).job();
        if (pruned.contains(up)) {
          out.add(
              new JobSetError(
                  set.indexOf(spec.name()),
                  spec.name(),
                  "after[" + i + "].job",
                  "depends on '"
                      + up
                      + "', which this apply deletes (prune): keep '"
                      + up
                      + "' in the set or change this dependency"));
        }
      }
    }
    return out;
  }

  /** Fingerprint of every job's name and version: changes whenever any job changes. */
  private static String revision(Collection<StoredJob> jobs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (StoredJob job : jobs) {
        sha.update((job.name() + ":" + job.version() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
