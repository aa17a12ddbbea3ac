package io.hydra.store.run;

import io.hydra.core.run.RunState;

/** Which runs a listing shows; null fields do not filter. Newest first. */
public record RunFilter(String job, RunState state, Long beforeId, int limit) {}
