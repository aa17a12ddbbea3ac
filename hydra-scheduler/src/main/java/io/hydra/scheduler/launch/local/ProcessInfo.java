package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads process facts from Linux {@code /proc}. Java's {@link ProcessHandle} knows neither process
 * groups nor sessions, and it counts zombies as alive; both matter here, because a task's tree is
 * addressed as a process group and because an init that does not reap (common in containers) leaves
 * dead tasks behind as zombies.
 */
final class ProcessInfo {

  private static final Path PROC = Path.of("/proc");

  private ProcessInfo() {}

  /** The fields of {@code /proc/<pid>/stat} that the launcher uses. */
  record Stat(long pid, char state, long ppid, long pgrp, long session) {

    /** Zombies ({@code Z}) and dying processes ({@code X}) run no code any more. */
    boolean isLive() {
      return state != 'Z' && state != 'X';
    }
  }

  /** The stat of {@code pid}, or empty if there is no such process. */
  static Optional<Stat> stat(long pid) {
    try {
      return Optional.of(parseStat(Files.readString(procFile(pid, "stat"))));
    } catch (IOException | RuntimeException e) {
      // Gone (NoSuchFileException, or ESRCH while reading a process that just exited).
      return Optional.empty();
    }
  }

  static Stat parseStat(String line) {
    // Field 2 is "(comm)", and comm may itself contain spaces and ')': the fixed fields start
    // after the last ')'.
    int close = line.lastIndexOf(')');
    long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).trim());
    String[] rest = line.substring(close + 2).trim().split(" ");
    // rest[0] is field 3 (state), rest[1] field 4 (ppid), rest[2] field 5 (pgrp), rest[3] field 6.
    return new Stat(
        pid,
        rest[0].charAt(0),
        Long.parseLong(rest[1]),
        Long.parseLong(rest[2]),
        Long.parseLong(rest[3]));
  }

  /** Whether {@code pid} exists and is not a zombie. */
  static boolean isLive(long pid) {
    return stat(pid).map(Stat::isLive).orElse(false);
  }

  /** The argument vector of {@code pid}; empty if it is gone, a zombie or a kernel thread. */
  static List<String> cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(procFile(pid, "cmdline"));
      if (raw.length == 0) {
        return List.of();
      }
      String all = new String(raw, StandardCharsets.UTF_8);
      if (all.endsWith("\0")) {
        all = all.substring(0, all.length() - 1);
      }
      return Arrays.asList(all.split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The pid of {@code pid}'s process group if {@code pid} has become the leader of its own session
   * (and so of its own group), as {@code setsid} makes the wrapper; empty otherwise. Checking
   * rather than assuming keeps us from ever signalling a group that is not the task's.
   */
  static Optional<Long> ownSessionGroup(long pid) {
    return stat(pid)
        .filter(s -> s.isLive() && s.pgrp() == pid && s.session() == pid)
        .map(Stat::pgrp);
  }

  /** The pids of the live (non-zombie) members of process group {@code pgid}. */
  static List<Long> liveGroupMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid;
        try {
          pid = Long.parseLong(entry.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        stat(pid).filter(s -> s.pgrp() == pgid && s.isLive()).ifPresent(s -> members.add(pid));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return members;
  }

  private static Path procFile(long pid, String name) {
    return PROC.resolve(Long.toString(pid)).resolve(name);
  }

  /** The process group of this JVM, which must never be signalled as a task's group. */
  static long ownProcessGroup() {
    return stat(ProcessHandle.current().pid()).map(Stat::pgrp).orElse(-1L);
  }
}
