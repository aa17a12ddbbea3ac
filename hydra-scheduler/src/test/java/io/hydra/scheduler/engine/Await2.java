package io.hydra.scheduler.engine;

import io.hydra.store.testing.Await;

/** Waits on the scripted launcher. */
final class Await2 {

  private Await2() {}

  static void untilLaunches(ScriptedLauncher launcher, String job, long count) {
    Await.until(
        job + " launched " + count + " times",
        EngineFixture.WAIT,
        () -> launcher.launchesOf(job) >= count);
  }
}
