package io.hydra.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hydra server in its own process ({@code hydra server} from this build's class path), for tests
 * that kill it, restart it or run several: its port is read from what it prints.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Duration START = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final List<String> output;
  private final CompletableFuture<Void> drained;

  private ServerProcess(
      Process process, int port, List<String> output, CompletableFuture<Void> drained) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.drained = drained;
  }

  /** An embedded-database server on {@code dataDir}. */
  static ServerProcess embedded(Path dataDir, String... flags) throws Exception {
    return start(dataDir, null, flags);
  }

  /** A server on the test PostgreSQL at {@code dbUrl}. */
  static ServerProcess on(String dbUrl, Path dataDir, String... flags) throws Exception {
    return start(dataDir, dbUrl, flags);
  }

  private static ServerProcess start(Path dataDir, String dbUrl, String... flags) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.hydra.web.cli.Main",
                "server",
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0"));
    if (dbUrl != null) {
      command.addAll(List.of("--db-url", dbUrl, "--db-user", "postgres"));
    }
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("HYDRA_DB_URL");
    builder.environment().put("HYDRA_DB_PASSWORD", "postgres");
    Process process = builder.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> drained = new CompletableFuture<>();
    try {
      return new ServerProcess(process, portOf(process, output, drained), output, drained);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads the output until the server says where it listens; keeps draining it afterwards. */
  private static int portOf(Process server, List<String> output, CompletableFuture<Void> drained)
      throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  System.out.println("[server " + server.pid() + "] " + line);
                  output.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (!port.isDone() && line.startsWith("Hydra is running") && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
                port.completeExceptionally(new AssertionError("server exited before listening"));
              } catch (IOException e) {
                port.completeExceptionally(e);
              } finally {
                drained.complete(null);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return port.get(START.toSeconds(), TimeUnit.SECONDS);
  }

  ApiClient api() {
    return new ApiClient(port);
  }

  /** What the server has printed so far, its log included. */
  List<String> output() {
    return outputSince(0);
  }

  /** What the server has printed after its first {@code lines} lines. */
  List<String> outputSince(int lines) {
    synchronized (output) {
      return List.copyOf(output.subList(lines, output.size()));
    }
  }

  /**
   * SIGTERM, as a service manager or Ctrl-C stops it; returns its exit code once it has exited and
   * everything it printed has been read.
   */
  int stop(Duration deadline) throws Exception {
    process.toHandle().destroy(); // Process.destroy() would also close the output being read
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the server did not stop within " + deadline + " of SIGTERM");
    }
    drained.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return process.exitValue();
  }

  /** {@code kill -9}: no shutdown hook runs, the lease is not released, tasks keep running. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The lines of a marker file the tasks append to; none when it does not exist yet. */
  static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
