package io.hydra.scheduler.launch.mesos;

import java.util.Optional;

/**
 * Where the Mesos framework id survives a Hydra restart or leader change. Resubscribing with the
 * same id is a failover (the master keeps our tasks); losing it makes Hydra a new framework whose
 * old tasks the master kills when the failover timeout ends.
 */
public interface FrameworkIdStore {

  Optional<String> load();

  void save(String frameworkId);
}
