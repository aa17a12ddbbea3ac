package io.hydra.store.job;

import io.hydra.core.job.JobSpec;
import java.time.Instant;

/** A job as stored: its current spec and version. */
public record StoredJob(JobSpec spec, int version, Instant createdAt, Instant updatedAt) {

  public String name() {
    return spec.name();
  }
}
