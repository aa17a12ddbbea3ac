package io.hydra.scheduler.engine;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.store.Store;
import io.hydra.store.calendar.StoredCalendar;
import io.hydra.store.job.StoredJob;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable in-memory snapshot of every job definition, the dependency graph and the calendars.
 * Rebuilt only when a job or calendar changes, never per tick, and read from any thread.
 */
public final class JobCatalog {

  private volatile Snapshot current =
      new Snapshot(Map.of(), JobGraph.of(List.of()), RetryRoots.NONE);

  /**
   * The job table's fingerprint as of the last full reload (see {@code Jobs.fingerprint}); null
   * after a reload of one job.
   */
  private String loadedFingerprint;

  private int fullReads;

  private record Snapshot(Map<String, StoredJob> jobs, JobGraph graph, RetryRoots retryRoots) {

    Snapshot(Map<String, StoredJob> jobs, JobGraph graph) {
      this(jobs, graph, RetryRoots.of(graph));
    }
  }

  /**
   * Every calendar by name, read with the jobs and again whenever one changes: few and small, and
   * read by firing only when a fire happens (a calendar changes no due time).
   */
  private volatile Map<String, CalendarSpec> calendars = Map.of();

  /** Reads every calendar again. */
  public synchronized void reloadCalendars(Store store) {
    calendars =
        store.read(tx -> tx.calendars().list()).stream()
            .collect(Collectors.toUnmodifiableMap(StoredCalendar::name, StoredCalendar::spec));
  }

  /** The calendars as of the last reload, by name. */
  public Map<String, CalendarSpec> calendars() {
    return calendars;
  }

  /**
   * Reads every job again. Serialised: reloads run on several threads (the API, the change
   * listener, the engine), and one that read the table before a commit must not publish its
   * snapshot after one that read it later.
   */
  public synchronized void reload(Store store) {
    fullReads++;
    record Read(List<StoredJob> jobs, String fingerprint) {}
    Read read = store.readSnapshot(tx -> new Read(tx.jobs().list(), tx.jobs().fingerprint()));
    List<StoredJob> jobs = read.jobs();
    loadedFingerprint = read.fingerprint();
    Map<String, StoredJob> byName =
        jobs.stream().collect(Collectors.toUnmodifiableMap(StoredJob::name, Function.identity()));
    current = new Snapshot(byName, JobGraph.of(jobs.stream().map(StoredJob::spec).toList()));
    reloadCalendars(store);
  }

  /**
   * Reads one job again (absent: it was deleted) and rebuilds the graph from memory: a job change
   * costs one row and an in-memory rebuild, not a read and parse of every definition (seconds with
   * 100,000 jobs). Serialised with {@link #reload} for the same reason.
   */
  public synchronized void reload(Store store, String name) {
    loadedFingerprint = null;
    Optional<StoredJob> fresh = store.read(tx -> tx.jobs().get(name));
    Map<String, StoredJob> byName = new HashMap<>(current.jobs());
    fresh.ifPresentOrElse(job -> byName.put(name, job), () -> byName.remove(name));
    current =
        new Snapshot(
            Collections.unmodifiableMap(byName),
            JobGraph.of(byName.values().stream().map(StoredJob::spec).toList()));
  }

  /** How many times every definition was read ({@link #reload}); for tests. */
  synchronized int fullReads() {
    return fullReads;
  }

  /**
   * Reads every job again unless the table is as the last full reload left it: a new leader must
   * not trust a catalog it kept while following, but re-reading 100,000 definitions it loaded a
   * moment ago (at start) cost seconds of CPU. Returns whether it reloaded.
   */
  public synchronized boolean reloadIfChanged(Store store) {
    if (loadedFingerprint != null
        && loadedFingerprint.equals(store.read(tx -> tx.jobs().fingerprint()))) {
      reloadCalendars(store); // not in the fingerprint, and cheap
      return false;
    }
    reload(store);
    return true;
  }

  public Optional<StoredJob> job(String name) {
    return Optional.ofNullable(current.jobs().get(name));
  }

  public Optional<JobSpec> spec(String name) {
    return job(name).map(StoredJob::spec);
  }

  public JobGraph graph() {
    return current.graph();
  }

  /**
   * The roots with {@code pipeline.retries} whose pipeline an end of a run of {@code job} may end.
   */
  List<String> retryRootsOf(String job) {
    return current.retryRoots().of(job);
  }

  public int size() {
    return current.jobs().size();
  }
}
