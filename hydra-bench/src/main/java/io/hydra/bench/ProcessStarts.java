package io.hydra.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * With Hydra's local launcher the task body is a real process: it appends {@code S|E job
 * logical-time micros} lines to one file (short appends are atomic), and this tails the file into
 * the recorder.
 */
final class ProcessStarts implements AutoCloseable {

  /** Maps a task to its recorder key and due time, the same way for processes and threads. */
  interface Keys {
    String key(String job, Instant logicalTime);

    long dueMicros(String job, Instant logicalTime);
  }

  private final Path file;
  private final Recorder recorder;
  private final Keys keys;
  private final Thread tail;
  private long offset;
  private volatile boolean running = true;

  ProcessStarts(Path file, Recorder recorder, Keys keys) throws IOException {
    this.file = file;
    this.recorder = recorder;
    this.keys = keys;
    Files.deleteIfExists(file);
    Files.createFile(file);
    this.tail = new Thread(this::loop, "bench-process-starts");
    tail.setDaemon(true);
    tail.start();
  }

  /**
   * The shell command of every benchmark task: builtins only, so the task itself forks nothing, and
   * it creates no file. A {@code $(date)} for each timestamp cost two forks and execs per task, and
   * a marker file per timestamp an inode each (on ext4 under a burst, creating inodes was a quarter
   * of the machine's time): the benchmark measured itself more than Hydra. Instead the task writes
   * one byte to its stdout as it starts and one to its stderr as it ends, files its sandbox (its
   * working directory) already has, and this reads their modification times. They are the kernel's
   * coarse file clock, which may read up to one tick (4 ms here) early.
   */
  String command() {
    String line = " $HYDRA_JOB $HYDRA_LOGICAL_TIME \"$PWD\" >> '" + file + "'";
    return "echo s; echo S" + line + "; echo e >&2; echo E" + line;
  }

  private static final String STARTED = "stdout";
  private static final String ENDED = "stderr";

  private void loop() {
    while (running) {
      try {
        readNew();
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private synchronized void readNew() throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      if (in.length() <= offset) {
        return;
      }
      byte[] bytes = new byte[(int) (in.length() - offset)];
      in.seek(offset);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int complete = text.lastIndexOf('\n') + 1;
      offset += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
      for (String line : text.substring(0, complete).split("\n")) {
        apply(line.trim().split(" ", 4));
      }
    }
  }

  private void apply(String[] f) {
    if (f.length != 4) {
      return;
    }
    Instant t = Instant.parse(f[2]);
    String key = keys.key(f[1], t);
    boolean start = f[0].equals("S");
    long at = modifiedMicros(Path.of(f[3]).resolve(start ? STARTED : ENDED));
    if (start) {
      recorder.startedAt(key, keys.dueMicros(f[1], t), at);
    } else {
      recorder.endedAt(key, at);
    }
  }

  private static long modifiedMicros(Path marker) {
    try {
      Instant t = Files.getLastModifiedTime(marker).toInstant();
      return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of " + marker, e);
    }
  }

  @Override
  public void close() {
    running = false;
    tail.interrupt();
    try {
      readNew();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
