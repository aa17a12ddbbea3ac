package io.hydra.scheduler.launch.local;

import java.util.concurrent.CompletableFuture;

/**
 * A task's wrapper as this instance started it.
 *
 * @param pid the wrapper's pid
 * @param exit completes with the wrapper's exit status once it has ended and been reaped: its exit
 *     code, or 128 plus the signal that ended it
 * @param group the process group the wrapper leads in its own session, when that was set up before
 *     it ran; 0 when the wrapper sets it up itself and it is checked when a kill needs it
 */
record StartedProcess(long pid, CompletableFuture<Integer> exit, long group) {

  boolean isAlive() {
    return !exit.isDone();
  }
}
