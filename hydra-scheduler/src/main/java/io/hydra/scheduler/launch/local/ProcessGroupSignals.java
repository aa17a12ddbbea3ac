package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a signal to a whole process group. The JDK can only signal single processes, and signalling
 * the members one by one would miss a child forked in between; kill(2) with a negative pid reaches
 * the group atomically, so we run the shell's {@code kill} builtin (always present, unlike procps'
 * {@code /bin/kill}).
 */
final class ProcessGroupSignals {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroupSignals.class);
  private static final String SH = "/bin/sh";
  private static final long OWN_GROUP = ProcessInfo.ownProcessGroup();

  private ProcessGroupSignals() {}

  /**
   * Sends {@code signal} (a name such as {@code TERM} or {@code KILL}) to every process in group
   * {@code pgid}. Returns whether the signal was delivered; false if the group no longer exists.
   */
  static boolean signal(long pgid, String signal) {
    // Group 0 and -1 mean "my own group" and "everything" to kill(2); our own group is Hydra.
    if (pgid <= 1 || pgid == OWN_GROUP) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                SH, "-c", "kill -s \"$1\" -- \"-$2\"", "hydra-kill", signal, Long.toString(pgid))
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Spawner.DEV_NULL));
    builder.environment().clear();
    try {
      Process kill = builder.start();
      String output;
      try (InputStream in = kill.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        log.warn("kill -{} of process group {} did not finish in time", signal, pgid);
        return false;
      }
      if (kill.exitValue() != 0) {
        // Nearly always ESRCH: the group ended in the meantime.
        log.debug("kill -{} of process group {} failed: {}", signal, pgid, output);
        return false;
      }
      return true;
    } catch (IOException e) {
      log.warn("Cannot send {} to process group {}: {}", signal, pgid, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
