package io.hydra.bench;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** The task body Quartz instantiates per fire; it hands over to the peer in the context. */
public final class QuartzJob implements Job {

  static final String PEER = "bench.peer";

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      ((QuartzPeer) context.getScheduler().getContext().get(PEER)).body(context);
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
  }
}
