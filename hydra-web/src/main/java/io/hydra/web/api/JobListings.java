package io.hydra.web.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.job.Jobs;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages of the job list with what the list shows of each version of a job, kept by name and
 * version: parsing and writing a spec again on every request was most of a list request's work. A
 * name and version always stand for the same spec and times (see {@link Jobs.ListedJob}), so an
 * entry is never stale, whichever instance changed the job: a change is a new version, thus a new
 * key.
 */
final class JobListings {

  /** How many versions are kept: the first hundred pages of a hundred jobs. */
  static final int LISTINGS = 10_000;

  /**
   * A version of a job as the list shows it: its times, also as ISO-8601 text (as JSON writes an
   * instant; formatting them was a fifth of a list request), and its spec (masked) as JSON.
   */
  record Listing(
      Instant createdAt,
      Instant updatedAt,
      String createdAtText,
      String updatedAtText,
      String spec) {

    static Listing of(StoredJob job) {
      return new Listing(
          job.createdAt(),
          job.updatedAt(),
          job.createdAt().toString(),
          job.updatedAt().toString(),
          Json.write(job.spec()));
    }
  }

  /** A job of the list as answers show it. */
  record ListedJob(String name, int version, Instant nextFireAt, Listing listing) {}

  private record JobKey(String name, int version) {}

  private final JobService jobs;
  private final Cache<JobKey, Listing> listings =
      Caffeine.newBuilder().maximumSize(LISTINGS).build();

  JobListings(JobService jobs) {
    this.jobs = jobs;
  }

  /** A page of the job list; definitions are read only for versions not kept yet. */
  List<ListedJob> page(Jobs.JobPage query) {
    Map<JobKey, Listing> known = new HashMap<>();
    List<Jobs.ListedJob> page = jobs.page(query);
    if (!allKnown(page, known)) {
      JobService.PageWithJobs read = jobs.pageWithJobs(query, again -> allKnown(again, known));
      page = read.page();
      for (StoredJob job : read.jobs()) {
        Listing listing = Listing.of(job);
        JobKey key = new JobKey(job.name(), job.version());
        listings.put(key, listing);
        known.put(key, listing);
      }
    }
    return page.stream()
        .map(
            job ->
                new ListedJob(
                    job.name(),
                    job.version(),
                    job.nextFireAt(),
                    known.get(new JobKey(job.name(), job.version()))))
        .toList();
  }

  /** Collects the kept listings of the page into {@code known}; false if one is missing. */
  private boolean allKnown(List<Jobs.ListedJob> page, Map<JobKey, Listing> known) {
    boolean all = true;
    for (Jobs.ListedJob job : page) {
      JobKey key = new JobKey(job.name(), job.version());
      Listing listing = listings.getIfPresent(key);
      if (listing == null) {
        all = false;
      } else {
        known.put(key, listing);
      }
    }
    return all;
  }
}
