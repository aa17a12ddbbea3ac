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
 *   <li>{@code pid}: the wrapper's pid (which is also the task's process group id), written before
 *       the task starts; its presence means "the task was started".
 *   <li>{@code exit}: the task's exit code, written by the wrapper when the task ends.
 *   <li>{@code stdout}, {@code stderr}: the task's output, appended to.
 * </ul>
 *
 * <p>The wrapper writes {@code pid} and {@code exit} in place, each with one write(2) of a few
 * bytes (a rename would cost an external {@code mv} per file): a reader may find one created but
 * still empty, for the instant before that write. Older wrappers renamed a complete file into
 * place; both read alike.
 */
final class TaskDirectory {

  static final String PID = "pid";
  static final String EXIT = "exit";
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

  Path exitFile() {
    return root.resolve(EXIT);
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
      Optional<String> text = readNumber(pidFile());
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

  OptionalInt readExitCode() {
    return readNumber(exitFile()).stream().mapToInt(Integer::parseInt).findFirst();
  }

  /** The trimmed content of a small numeric file, or empty if it is missing or not a number. */
  private Optional<String> readNumber(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Task {}: cannot read {}: {}", taskId, file, e.toString());
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return Optional.empty(); // created, not yet written (see the class comment)
    }
    // A few bytes in one write(2) are never seen in part; junk means tampering.
    if (!text.matches("-?[0-9]{1,9}")) {
      log.warn("Task {}: ignoring {} with unexpected content '{}'", taskId, file, text);
      return Optional.empty();
    }
    return Optional.of(text);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
