package io.hydra.scheduler.launch.local;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a wrapper with glibc's posix_spawn, which sets up the new session, the sandbox, the
 * standard streams, the closing of this JVM's other files and default signal handling in the child
 * before its one exec. The JDK's way costs two more execs per task ({@link JdkProcessStarter}), and
 * each exec of a dynamically linked program costs more than the whole spawn (issue 23's profile).
 *
 * <p>The JDK does not know these children, so a reaper thread per running wrapper waits for it
 * (waitpid), as the JDK's own reaper threads do for its processes.
 */
final class PosixSpawnStarter implements ProcessStarter {

  private static final Logger log = LoggerFactory.getLogger(PosixSpawnStarter.class);

  /**
   * How the JDK encodes command lines, environments and file names for the system; the same here,
   * so a task's bytes do not depend on which starter ran it.
   */
  private static final String ENCODING =
      System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());

  private static final Optional<ProcessStarter> INSTANCE = load();

  // glibc's values; the open flags are those of Linux on x86-64 and aarch64 (checked in load()).
  private static final short SETSIGDEF = 0x04;
  private static final short SETSIGMASK = 0x08;
  private static final short SETSID = 0x80;
  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_APPEND = 02000;
  private static final int EINTR = 4;

  /** As the JDK creates files: all may read and write, less the umask. */
  private static final int FILE_MODE = 0666;

  // At least the sizes of glibc's posix_spawn_file_actions_t (80), posix_spawnattr_t (336) and
  // sigset_t (128) on 64-bit Linux.
  private static final int FILE_ACTIONS_BYTES = 256;
  private static final int ATTRIBUTES_BYTES = 1024;
  private static final int SIGSET_BYTES = 256;

  /** What a reaper reports when the exit status could not be had (someone else reaped it). */
  private static final int UNKNOWN_STATUS = 255;

  private static final ExecutorService REAPERS = Executors.newCachedThreadPool(reaperThreads());

  private final LibC libc;

  /** The same for every spawn, and only read by posix_spawn, so shared by all threads. */
  private final Memory attributes;

  private PosixSpawnStarter(LibC libc) {
    this.libc = libc;
    this.attributes = spawnAttributes(libc);
  }

  /** The starter, if this platform's C library offers everything it needs. */
  static Optional<ProcessStarter> instance() {
    return INSTANCE;
  }

  private static Optional<ProcessStarter> load() {
    if (!Platform.isLinux()
        || !(Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
      log.info(
          "No posix_spawn starter on {} {}; tasks start through setsid",
          Platform.getOSType(),
          Platform.ARCH);
      return Optional.empty();
    }
    try {
      NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
      for (String function : LibC.FUNCTIONS) {
        c.getFunction(function);
      }
      LibC libc =
          Native.load(
              Platform.C_LIBRARY_NAME,
              LibC.class,
              Map.of(Library.OPTION_STRING_ENCODING, ENCODING));
      return Optional.of(new PosixSpawnStarter(libc));
    } catch (LinkageError | RuntimeException e) {
      log.info("posix_spawn starter not available ({}); tasks start through setsid", e.toString());
      return Optional.empty();
    }
  }

  @Override
  public StartedProcess start(List<String> argv, Map<String, String> env, TaskDirectory dir)
      throws IOException {
    Memory actions = new Memory(FILE_ACTIONS_BYTES);
    check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
    try {
      check(
          libc.posix_spawn_file_actions_addopen(
              actions, 0, Spawner.DEV_NULL.getPath(), O_RDONLY, 0),
          "open /dev/null");
      check(
          libc.posix_spawn_file_actions_addopen(
              actions, 1, dir.stdout().toString(), O_WRONLY | O_CREAT | O_APPEND, FILE_MODE),
          "open stdout");
      check(
          libc.posix_spawn_file_actions_addopen(
              actions, 2, dir.stderr().toString(), O_WRONLY | O_CREAT | O_APPEND, FILE_MODE),
          "open stderr");
      check(libc.posix_spawn_file_actions_addchdir_np(actions, dir.root().toString()), "chdir");
      check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
      IntByReference pid = new IntByReference();
      check(
          libc.posix_spawn(
              pid, argv.get(0), actions, attributes, stringArray(argv), environment(env)),
          "posix_spawn of " + argv.get(0) + " in " + dir.root());
      return watched(pid.getValue());
    } finally {
      libc.posix_spawn_file_actions_destroy(actions);
      actions.close();
    }
  }

  private StartedProcess watched(int pid) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    REAPERS.execute(() -> exit.complete(awaitExit(pid)));
    // posix_spawn returns after the child's exec, and the session came before it.
    return new StartedProcess(pid, exit, pid);
  }

  private int awaitExit(int pid) {
    IntByReference status = new IntByReference();
    while (true) {
      try {
        libc.waitpid(pid, status, 0);
        return exitValue(status.getValue());
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          log.warn("Cannot wait for process {}: {}", pid, e.getMessage());
          return UNKNOWN_STATUS;
        }
      }
    }
  }

  /** As the JDK reports it: the exit code, or 128 plus the number of the signal that ended it. */
  static int exitValue(int waitStatus) {
    int signal = waitStatus & 0x7f;
    return signal == 0 ? (waitStatus >> 8) & 0xff : 0x80 + signal;
  }

  private void check(int error, String what) throws IOException {
    if (error != 0) {
      throw new IOException(what + " failed: " + libc.strerror(error) + " (errno " + error + ")");
    }
  }

  private static Memory spawnAttributes(LibC libc) {
    Memory attributes = new Memory(ATTRIBUTES_BYTES);
    Memory none = new Memory(SIGSET_BYTES);
    Memory all = new Memory(SIGSET_BYTES);
    libc.posix_spawnattr_init(attributes);
    libc.sigemptyset(none);
    libc.sigfillset(all);
    // A new session; no signal blocked; every signal's action the default, so a task neither
    // inherits this JVM's mask nor a signal that Hydra's own parent had it ignore.
    libc.posix_spawnattr_setsigmask(attributes, none);
    libc.posix_spawnattr_setsigdefault(attributes, all);
    libc.posix_spawnattr_setflags(attributes, (short) (SETSID | SETSIGMASK | SETSIGDEF));
    return attributes;
  }

  private static StringArray stringArray(List<String> strings) {
    return new StringArray(strings.toArray(String[]::new), ENCODING);
  }

  private static StringArray environment(Map<String, String> env) {
    return stringArray(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static java.util.concurrent.ThreadFactory reaperThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      // A small stack: a reaper only waits in waitpid, and there is one per running task.
      Thread thread =
          new Thread(null, task, "hydra-task-reaper-" + count.incrementAndGet(), 128 * 1024);
      thread.setDaemon(true);
      return thread;
    };
  }
}
