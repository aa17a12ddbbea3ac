package io.hydra.scheduler.launch.local;

import io.hydra.scheduler.launch.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox of one task, {@code <tasksDir>/<taskId>/}, and the small files the wrapper script
 * keeps there. These files, not Hydra's memory, are the record of a task: they outlive a Hydra
 * crash, so a restarted launcher can tell a running task from a finished or never-started one.
 *
 * <ul>
 *   <li>{@code pid}: its first line is the wrapper's pid (which is also the task's process group
 *       id), written before the task starts; its presence means "the task was started". Its second
 *       line is the task's exit code, appended by the wrapper when the task ends.
 *   <li>{@code stdout}, {@code stderr}: the task's output, appended to.
 * </ul>
 *
 * <p>One file for both, not a second {@code exit} file: creating an inode is most of what a file
 * costs, and under a burst of short tasks the sandboxes' file creations were the largest cost of a
 * start after fork and exec. Each line is one write(2) of a few bytes, in place (a rename would
 * cost an external {@code mv}); only a line ended by its newline counts, so a reader that comes
 * between the file's creation and the write, or in the middle of a write, reads nothing rather than
 * part of a number. Sandboxes of older wrappers, which wrote the exit code to a file {@code exit},
 * read alike.
 */
final class TaskDirectory {

  static final String PID = "pid";

  /** Where wrappers before the exit code moved into {@link #PID} wrote it; still read. */
  static final String LEGACY_EXIT = "exit";

  static final String STDOUT = "stdout";
  static final String STDERR = "stderr";

  private static final Logger log = LoggerFactory.getLogger(TaskDirectory.class);

  /** Far longer than the one write(2) an empty pid file waits for. */
  private static final Duration EMPTY_PID_PATIENCE = Duration.ofMillis(100);

  private final String taskId;
  private final Path root;

  private TaskDirectory(String taskId, Path root) {
    this.taskId = taskId;
    this.root = root;
  }

  /**
   * The sandbox of {@code taskId} under {@code tasksDir}, or empty if the id could name a path
   * outside {@code tasksDir} (it comes from job definitions and API callers, so it is untrusted).
   */
  static Optional<TaskDirectory> of(Path tasksDir, String taskId) {
    if (!isSafeTaskId(taskId)) {
      return Optional.empty();
    }
    Path root = tasksDir.resolve(taskId).normalize();
    if (!tasksDir.equals(root.getParent())) {
      return Optional.empty();
    }
    return Optional.of(new TaskDirectory(taskId, root));
  }

  static boolean isSafeTaskId(String taskId) {
    return taskId != null
        && !taskId.isEmpty()
        && !taskId.equals(".")
        && !taskId.contains("/")
        && !taskId.contains("..")
        && taskId.indexOf('\0') < 0;
  }

  String taskId() {
    return taskId;
  }

  Path root() {
    return root;
  }

  Path stdout() {
    return root.resolve(STDOUT);
  }

  Path stderr() {
    return root.resolve(STDERR);
  }

  Path log(LogStream stream) {
    return stream == LogStream.STDERR ? stderr() : stdout();
  }

  Path pidFile() {
    return root.resolve(PID);
  }

  private Path legacyExitFile() {
    return root.resolve(LEGACY_EXIT);
  }

  /** Whether the wrapper recorded a pid, i.e. the task was started at some point. */
  boolean wasStarted() {
    return Files.exists(pidFile());
  }

  /**
   * The recorded pid. A pid file found empty is being written (the wrapper has created it and is
   * about to write, and runs the task only after that), so it is read again for a moment before
   * giving up: an empty file that stays empty means the wrapper died before the task could start.
   */
  OptionalLong readPid() {
    long deadline = System.nanoTime() + EMPTY_PID_PATIENCE.toNanos();
    while (true) {
      Optional<String> text = readLine(pidFile(), 0);
      if (text.isPresent() || !isEmptyFile(pidFile()) || System.nanoTime() > deadline) {
        return text.stream().mapToLong(Long::parseLong).findFirst();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static boolean isEmptyFile(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The recorded exit code: the pid file's second line, or an older wrapper's exit file. */
  OptionalInt readExitCode() {
    Optional<String> code = readLine(pidFile(), 1);
    if (code.isEmpty()) {
      code = readLine(legacyExitFile(), 0);
    }
    return code.stream().mapToInt(Integer::parseInt).findFirst();
  }

  /**
   * Line {@code index} of a small file of numbers, or empty if the file is missing or that line is
   * not yet complete (see the class comment) or not a number.
   */
  private Optional<String> readLine(Path file, int index) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Task {}: cannot read {}: {}", taskId, file, e.toString());
      return Optional.empty();
    }
    String[] complete = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
    if (complete.length <= index || complete[index].isEmpty()) {
      return Optional.empty(); // not yet written (see the class comment)
    }
    String line = complete[index].trim();
    // Whole lines only are read, so junk means tampering.
    if (!line.matches("-?[0-9]{1,9}")) {
      log.warn("Task {}: ignoring line {} of {}: '{}'", taskId, index + 1, file, line);
      return Optional.empty();
    }
    return Optional.of(line);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
