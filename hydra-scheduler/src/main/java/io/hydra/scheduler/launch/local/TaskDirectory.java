package io.hydra.scheduler.launch.local;

import io.hydra.scheduler.launch.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox of one task, {@code <tasksDir>/<taskId>/}, and the small files the wrapper script
 * keeps there. These files, not Hydra's memory, are the record of a task: they outlive a Hydra
 * crash, so a restarted launcher can tell a running task from a finished or never-started one.
 *
 * <ul>
 *   <li>{@code pid}: the wrapper's pid (which is also the task's process group id), written
 *       atomically before the task starts; its presence means "the task was started".
 *   <li>{@code exit}: the task's exit code, written atomically by the wrapper when the task ends.
 *   <li>{@code stdout}, {@code stderr}: the task's output, appended to.
 * </ul>
 */
final class TaskDirectory {

  static final String PID = "pid";
  static final String EXIT = "exit";
  static final String STDOUT = "stdout";
  static final String STDERR = "stderr";

  private static final Logger log = LoggerFactory.getLogger(TaskDirectory.class);

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

  OptionalLong readPid() {
    return readNumber(pidFile()).stream().mapToLong(Long::parseLong).findFirst();
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
    // Files are written with a rename, so a partial write is impossible; junk means tampering.
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
