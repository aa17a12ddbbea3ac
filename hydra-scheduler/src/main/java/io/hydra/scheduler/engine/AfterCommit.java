package io.hydra.scheduler.engine;

import io.hydra.scheduler.launch.LaunchRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The launches and kills one transaction decided, to be carried out once it has committed. Built
 * inside the transaction's work, so a transaction that is rolled back and run again (a deadlock
 * victim) builds them afresh from what its last try wrote: nothing from a rolled-back try is ever
 * launched. Carried out in a fixed order: kills, then launches (a replacing run's predecessor is
 * told to stop before anything new starts).
 */
final class AfterCommit {

  private final List<String> kills = new ArrayList<>();
  private final List<LaunchRequest> launches = new ArrayList<>();

  /** A task whose kill is recorded on its attempt in this transaction. */
  void kill(String taskId) {
    kills.add(taskId);
  }

  /** An attempt recorded {@code launching} in this transaction. */
  void launch(LaunchRequest request) {
    launches.add(request);
  }

  void launchAll(List<LaunchRequest> requests) {
    launches.addAll(requests);
  }

  List<String> kills() {
    return List.copyOf(kills);
  }

  List<LaunchRequest> launches() {
    return List.copyOf(launches);
  }

  /** Sends what the transaction committed: kills first, then launches. */
  void send(RequestedKills requestedKills, Dispatcher dispatcher) {
    requestedKills.send(kills);
    dispatcher.launch(launches);
  }
}
