package io.hydra.scheduler.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The in-memory index of each job's next fire time, earliest first, so a pass looks only at what is
 * due. A copy of the {@code job_schedule} rows, which stay the truth: {@link ScheduleFiring}
 * rebuilds it from them and re-reads a job's row when it changes; after a fire, it takes the next
 * fire the fire wrote. Thread-safe.
 */
final class DueFires {

  /** One job's next fire. */
  record Entry(Instant at, String job) {}

  private final TreeSet<Entry> byTime =
      new TreeSet<>(Comparator.comparing(Entry::at).thenComparing(Entry::job));
  private final Map<String, Entry> byJob = new HashMap<>();

  /**
   * Jobs taken out to fire, and whether their row was re-read meanwhile (a definition changed, or a
   * new term reloaded everything). That re-read was made after its change committed, so it wins
   * over what the fire brings back, which may predate the change.
   */
  private final Map<String, Boolean> taken = new HashMap<>();

  /** Replaces the whole index with these next fires, by job. */
  synchronized void replaceAll(Map<String, Instant> next) {
    byTime.clear();
    byJob.clear();
    taken.replaceAll((job, reread) -> true);
    next.forEach(this::index);
  }

  /**
   * Sets the next fire of each of these jobs as given; a job absent from {@code next} fires no
   * more.
   */
  synchronized void update(Collection<String> jobs, Map<String, Instant> next) {
    for (String job : jobs) {
      taken.computeIfPresent(job, (j, reread) -> true);
      Entry old = byJob.remove(job);
      if (old != null) {
        byTime.remove(old);
      }
      Instant at = next.get(job);
      if (at != null) {
        index(job, at);
      }
    }
  }

  /** Whether a fire is due at {@code now}. */
  synchronized boolean isDue(Instant now) {
    return !byTime.isEmpty() && !byTime.first().at().isAfter(now);
  }

  synchronized Optional<Instant> nextDue() {
    return byTime.isEmpty() ? Optional.empty() : Optional.of(byTime.first().at());
  }

  /**
   * Takes at most {@code limit} entries due at {@code now} out of the index, earliest first. The
   * rest stay where they are: a boundary of 20,000 fires is written in batches, and taking every
   * due entry out to put all but a batch back cost the engine loop a sorted insert and removal of
   * each waiting fire per batch, quadratic in the boundary's size.
   */
  synchronized List<Entry> takeDue(Instant now, int limit) {
    List<Entry> due = new ArrayList<>();
    while (due.size() < limit && !byTime.isEmpty() && !byTime.first().at().isAfter(now)) {
      Entry e = byTime.pollFirst();
      byJob.remove(e.job());
      taken.put(e.job(), false);
      due.add(e);
    }
    return due;
  }

  /**
   * Puts fires taken out back, due again at the time they were due: after a failure, whether or not
   * their transaction committed. That is safe: a fire advances its job's next fire only from the
   * time it was due, so one that did commit fires nothing the second time, and the refresh after it
   * indexes the job's true next fire.
   */
  synchronized void putBack(List<Entry> entries) {
    entries.forEach(e -> giveBack(e.job(), e.at()));
  }

  /**
   * Indexes the next fire of jobs taken out and fired (absent from {@code next}, or null there:
   * none), except those whose row was re-read while they were out: that read is newer.
   */
  synchronized void fired(Collection<String> jobs, Map<String, Instant> next) {
    jobs.forEach(job -> giveBack(job, next.get(job)));
  }

  /**
   * A job taken out is back: indexed at {@code at} (null: it fires no more), unless its row was
   * re-read while it was out.
   */
  private void giveBack(String job, Instant at) {
    boolean reread = Boolean.TRUE.equals(taken.remove(job));
    if (!reread && at != null) {
      index(job, at);
    }
  }

  /** Every indexed next fire, by job; for tests. */
  synchronized Map<String, Instant> snapshot() {
    Map<String, Instant> out = new HashMap<>();
    byJob.forEach((job, e) -> out.put(job, e.at()));
    return out;
  }

  /** Indexes one fire of a job, in place of any the job had. */
  private void index(String job, Instant at) {
    Entry entry = new Entry(at, job);
    Entry old = byJob.put(job, entry);
    if (old != null) {
      byTime.remove(old);
    }
    byTime.add(entry);
  }
}
