package io.hydra.core.testing;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.job.TaskSpec;
import io.hydra.core.job.UpstreamRef;

/** Small job specs for tests. */
public final class Specs {

  private Specs() {}

  public static TaskSpec command(String command) {
    return new TaskSpec(command, null, null, null, null, null, null);
  }

  public static JobSpec scheduled(String name) {
    return new JobSpec(
        name,
        "team",
        null,
        null,
        new ScheduleSpec("0 2 * * *", null, null, null, null, null),
        null,
        null,
        null,
        null,
        null,
        null,
        command("true"));
  }

  public static JobSpec after(String name, UpstreamRef... upstreams) {
    return new JobSpec(
        name,
        "team",
        null,
        null,
        null,
        java.util.Arrays.asList(upstreams),
        null,
        null,
        null,
        null,
        null,
        command("true"));
  }
}
