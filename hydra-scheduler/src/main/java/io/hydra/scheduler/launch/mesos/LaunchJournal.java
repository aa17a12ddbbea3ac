package io.hydra.scheduler.launch.mesos;

import io.hydra.core.run.TaskLocation;
import java.util.List;

/**
 * Where the Mesos launcher records, durably and before the ACCEPT goes out, which tasks it sends to
 * which agent. After a restart this record is what tells a task the master does not know because it
 * never got it (no record: it never started) from one it lost (recorded: it may have run).
 */
public interface LaunchJournal {

  /**
   * Records that these tasks are about to be sent to {@code agent}, one commit for the batch; it
   * returns only once that commit is durable. Throws if it cannot: the tasks must then not be sent.
   */
  void recordSent(List<String> taskIds, TaskLocation agent);
}
