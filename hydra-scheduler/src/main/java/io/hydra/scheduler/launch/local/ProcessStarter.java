package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts a task's wrapper in a session and process group of its own, in its sandbox, with exactly
 * the given environment, standard input from {@code /dev/null}, output appended to the sandbox's
 * files, and none of this JVM's other open files.
 */
interface ProcessStarter {

  StartedProcess start(List<String> argv, Map<String, String> env, TaskDirectory dir)
      throws IOException;

  /**
   * posix_spawn where the C library offers all it needs (glibc 2.34 and later), else the JDK with
   * {@code setsid}: the first costs one exec per wrapper, the second three.
   */
  static ProcessStarter best() {
    return PosixSpawnStarter.instance().orElseGet(JdkProcessStarter::new);
  }
}
