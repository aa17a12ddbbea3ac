package io.hydra.web.ui;

import io.hydra.store.Store;
import io.hydra.store.run.RunSummaries;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The newest run of every job, read in one query, for the job list and the graph. */
final class LatestRuns {

  /** The newest run (by logical time) of one job. */
  record Latest(long runId, String state, Instant logicalTime) {}

  private final Store store;

  LatestRuns(Store store) {
    this.store = store;
  }

  Map<String, Latest> byJob() {
    Map<String, RunSummaries.Latest> stored = store.read(tx -> tx.runSummaries().latestByJob());
    Map<String, Latest> out = new HashMap<>(stored.size() * 2);
    stored.forEach((job, r) -> out.put(job, new Latest(r.runId(), r.state(), r.logicalTime())));
    return out;
  }
}
