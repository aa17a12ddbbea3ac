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

  /** The shell command of every benchmark task. */
  String command() {
    String line = "$HYDRA_JOB $HYDRA_LOGICAL_TIME $(date +%s%6N)\" >> '" + file + "'";
    return "echo \"S " + line + "; echo \"E " + line;
  }

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
        apply(line.trim().split(" "));
      }
    }
  }

  private void apply(String[] f) {
    if (f.length != 4) {
      return;
    }
    Instant t = Instant.parse(f[2]);
    String key = keys.key(f[1], t);
    long at = Long.parseLong(f[3]);
    if (f[0].equals("S")) {
      recorder.startedAt(key, keys.dueMicros(f[1], t), at);
    } else {
      recorder.endedAt(key, at);
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
