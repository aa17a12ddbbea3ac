package io.hydra.store.job;

import io.hydra.core.job.JobSpec;
import java.time.Instant;

/** One entry of a job's history; {@code spec} is null for a deletion. */
public record JobVersion(
    String job,
    int version,
    JobSpec spec,
    String change,
    String author,
    String source,
    Instant createdAt) {}
