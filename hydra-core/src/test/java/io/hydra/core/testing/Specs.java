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
    return JobSpec.builder(name)
        .owner("team")
        .schedule(new ScheduleSpec("0 2 * * *", null, null, null, null, null))
        .task(command("true"))
        .build();
  }

  public static JobSpec after(String name, UpstreamRef... upstreams) {
    return JobSpec.builder(name)
        .owner("team")
        .after(java.util.Arrays.asList(upstreams))
        .task(command("true"))
        .build();
  }
}
