package io.hydra.scheduler.engine;

import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.Store;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the kills recorded in the store ({@code attempt.kill_requested_at}) to the launcher, once
 * per leadership. Any instance may record a kill (an operator on a follower, a replacing run); only
 * the leader, which owns the launcher, sends it. A new leader sends them all again.
 */
final class RequestedKills {

  private final Launcher launcher;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();

  RequestedKills(Launcher launcher) {
    this.launcher = launcher;
  }

  /** Kills these tasks now (their kill is committed already), unless sent before. */
  void send(Collection<String> taskIds) {
    for (String id : taskIds) {
      if (sent.add(id)) {
        launcher.kill(id);
      }
    }
  }

  /** Sends every recorded kill not sent yet; returns how many it sent. */
  int sendPending(Store store) {
    List<String> pending = store.read(tx -> tx.attempts().killRequestedActive());
    sent.retainAll(pending); // ended attempts need no memory
    int before = sent.size();
    send(pending);
    return sent.size() - before;
  }

  /** A new leadership term: nothing is known to have been sent. */
  void forget() {
    sent.clear();
  }
}
