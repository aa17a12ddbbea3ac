package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a wrapper through the JDK, which can neither start a session nor close inherited files
 * without a helper: its {@code jspawnhelper} is exec'd first, and then {@code setsid}, which execs
 * the wrapper. Java's child is not a process-group leader, so setsid does not fork: the wrapper's
 * pid is the pid Java knows, and it leads a new session and process group, though only from a
 * moment after the start returns. Used where {@link PosixSpawnStarter} is not available.
 */
final class JdkProcessStarter implements ProcessStarter {

  private static final String SETSID = findSetsid();

  @Override
  public StartedProcess start(List<String> argv, Map<String, String> env, TaskDirectory dir)
      throws IOException {
    List<String> line = new ArrayList<>(argv.size() + 1);
    line.add(SETSID);
    line.addAll(argv);
    ProcessBuilder builder =
        new ProcessBuilder(line)
            .directory(dir.root().toFile())
            // Files, never pipes: the task must be able to outlive this JVM.
            .redirectInput(ProcessBuilder.Redirect.from(Spawner.DEV_NULL))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.stdout().toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.stderr().toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    return new StartedProcess(process.pid(), process.onExit().thenApply(Process::exitValue), 0);
  }

  // An absolute path, because ProcessBuilder resolves the program on Hydra's PATH, which a
  // service manager may have set to almost nothing.
  private static String findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "setsid";
  }
}
