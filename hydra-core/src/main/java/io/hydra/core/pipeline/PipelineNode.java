package io.hydra.core.pipeline;

import io.hydra.core.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job of a pipeline at one logical time, as the prediction sees it.
 *
 * @param job the job's name
 * @param state its run's state; empty when it has no run yet at that logical time (pending)
 * @param startedAt when its run's first attempt started, if it did
 * @param endedAt when its run ended, if it did
 * @param typical its typical duration ({@link TypicalDuration}); empty without history
 * @param upstreams the jobs of the pipeline it waits for at the same logical time
 */
public record PipelineNode(
    String job,
    Optional<RunState> state,
    Instant startedAt,
    Instant endedAt,
    Optional<Duration> typical,
    List<String> upstreams) {}
