package io.hydra.scheduler.launch.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny POSIX sh script every task runs under. It exists so that a task's outcome does not
 * depend on Hydra being alive: it records its own pid before the task starts and the task's exit
 * code after it ends, each a line of its pid file written in one write of a few bytes (see {@link
 * TaskDirectory}).
 *
 * <p>It is started as {@code sh -c <script> hydra-task <sandbox> <argv...>}, in a new session and
 * process group ({@link ProcessStarter}) that contains the whole task tree.
 */
final class TaskWrapper {

  /** The wrapper's {@code $0}; with the sandbox path, it identifies our wrapper in /proc. */
  static final String MARKER = "hydra-task";

  // - A trap instead of ignoring: the wrapper must survive the group-wide SIGTERM long enough to
  //   record the task's status, but the task itself must not inherit an ignored TERM (a caught
  //   signal is reset to default in the child, an ignored one would be inherited).
  // - The trap remembers the signal: a kill that reaches the group after the pid is recorded and
  //   before the task is forked has nobody else to stop, so the wrapper does not start the task
  //   (exit 143, as a TERM would give) instead of starting it unkilled until the SIGKILL grace.
  // - The wrapper's own variables are HYDRA_WRAPPER_*: a job's env cannot use the HYDRA_ prefix,
  //   so they can neither be preset by it nor change what the task inherits.
  // - If the pid cannot be recorded the task is not run, so "no pid file" reliably means "never
  //   started" and a relaunch can never duplicate a running task. (rm runs only on that failure.)
  // - Only builtins on the way to the task and after it: each external program (the mv of a
  //   write-then-rename) costs a fork and an exec, which is most of what a short task costs.
  //   Written in place instead, a file is empty for the instant between its creation and the one
  //   write(2) of a few bytes; TaskDirectory reads only lines ended by their newline.
  // - The exit code is a second line of the pid file, not a file of its own: one inode less.
  static final String SCRIPT =
      String.join(
          "\n",
          "HYDRA_WRAPPER_DIR=$1; shift",
          "trap 'HYDRA_WRAPPER_KILLED=1' TERM INT HUP",
          "echo $$ > \"$HYDRA_WRAPPER_DIR/pid\" || { command -p rm -f \"$HYDRA_WRAPPER_DIR/pid\"; exit 127; }",
          "[ -z \"${HYDRA_WRAPPER_KILLED-}\" ] || { echo 143 >> \"$HYDRA_WRAPPER_DIR/pid\"; exit 143; }",
          "\"$@\"",
          "rc=$?",
          "echo $rc >> \"$HYDRA_WRAPPER_DIR/pid\"",
          "exit $rc");

  /**
   * The wrapper of a task given as a shell command: the same, but the command runs in a subshell of
   * the wrapper (a fork, no exec) rather than in a {@code /bin/sh -c} of its own, which saved an
   * exec of the shell per task. It is the same shell, so the command means the same; what it can
   * tell apart is only {@code $0} ({@link #MARKER}, not {@code sh}) and the prefix of the shell's
   * own error messages. The subshell resets the wrapper's traps, as an exec would, and sees no
   * positional parameters ({@code eval 'shift;'} drops the one that carried it) and no variable of
   * the wrapper's (only the trap's, and only when it is not started).
   */
  static final String COMMAND_SCRIPT =
      String.join(
          "\n",
          "trap 'HYDRA_WRAPPER_KILLED=1' TERM INT HUP",
          "echo $$ > \"$1/pid\" || { command -p rm -f \"$1/pid\"; exit 127; }",
          "[ -z \"${HYDRA_WRAPPER_KILLED-}\" ] || { echo 143 >> \"$1/pid\"; exit 143; }",
          "( set -- \"$2\"; eval 'shift;' \"$1\" )",
          "rc=$?",
          "echo $rc >> \"$1/pid\"",
          "exit $rc");

  private static final String SH = "/bin/sh";

  private TaskWrapper() {}

  /** The full command line that runs {@code argv} under the wrapper in {@code sandbox}. */
  static List<String> commandLine(Path sandbox, List<String> argv) {
    List<String> line = new ArrayList<>(List.of(SH, "-c", SCRIPT, MARKER, sandbox.toString()));
    line.addAll(argv);
    return line;
  }

  /** The full command line that runs the shell {@code command} under the wrapper. */
  static List<String> commandLine(Path sandbox, String command) {
    return List.of(SH, "-c", COMMAND_SCRIPT, MARKER, sandbox.toString(), command);
  }

  /** Whether a process's argument vector is the wrapper of {@code sandbox} (guards pid reuse). */
  static boolean isWrapperOf(List<String> cmdline, Path sandbox) {
    return cmdline.contains(MARKER) && cmdline.contains(sandbox.toString());
  }
}
