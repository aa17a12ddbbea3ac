package io.hydra.store.run;

import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.Map;

/** What is needed to create a run. */
public record NewRun(
    String job,
    Instant logicalTime,
    int jobVersion,
    RunState state,
    String reason,
    RunCause cause,
    Map<String, String> params) {}
