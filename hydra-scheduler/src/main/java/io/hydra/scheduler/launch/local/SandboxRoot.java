package io.hydra.scheduler.launch.local;

import io.hydra.core.run.TaskLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of a tasks directory (the root of the local launcher's sandboxes), recorded with
 * each attempt as its {@link TaskLocation}: this host's name, the directory's canonical path, and a
 * random id written once into the marker file {@value #MARKER} in the directory.
 *
 * <p>The id is what tells roots apart: the same path on two machines (each has its own marker), or
 * a tasks directory deleted and recreated under the same name (a new marker), are different roots,
 * whose sandboxes a launcher here cannot see. The host and path are for people reading where a task
 * ran. The marker's name starts with a dot, so it is never a task's sandbox (task ids start with
 * {@code hydra.}).
 */
final class SandboxRoot {

  static final String MARKER = ".hydra-root-id";

  private static final Logger log = LoggerFactory.getLogger(SandboxRoot.class);

  private SandboxRoot() {}

  /** The location of tasks run under {@code tasksDir}, a canonical (real) path. */
  static TaskLocation of(Path tasksDir) {
    return new TaskLocation(hostName(), tasksDir.toString(), markerId(tasksDir));
  }

  /** Why a task recorded at {@code recorded} is reported lost by a launcher at {@code own}. */
  static String unseen(TaskLocation recorded, TaskLocation own) {
    return "launched at "
        + recorded.describe()
        + ", which this launcher ("
        + own.describe()
        + ") cannot see; it may have run there";
  }

  /**
   * The id in the root's marker file, written first if there is none. Two launchers starting on one
   * new root at once agree: the marker is linked into place (which fails if it exists), never
   * overwritten, and both read what is there.
   */
  static String markerId(Path tasksDir) {
    Path marker = tasksDir.resolve(MARKER);
    try {
      if (!Files.exists(marker)) {
        Path draft = Files.createTempFile(tasksDir, MARKER, ".tmp");
        try {
          Files.writeString(draft, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
          place(draft, marker);
        } catch (FileAlreadyExistsException e) {
          log.debug("Marker {} written meanwhile by another launcher", marker);
        } finally {
          Files.deleteIfExists(draft);
        }
      }
      String id = Files.readString(marker, StandardCharsets.US_ASCII).trim();
      if (id.isEmpty()) {
        throw new IllegalStateException("marker file " + marker + " is empty");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the marker file " + marker, e);
    }
  }

  /** Puts the written draft in place as the marker, failing if a marker exists. */
  private static void place(Path draft, Path marker) throws IOException {
    try {
      Files.createLink(marker, draft);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      // A file system without hard links: a rename that refuses an existing marker (checked just
      // before, so two launchers creating one root in the same instant could still race).
      log.debug("Cannot link {} ({}); renaming instead", marker, e.toString());
      Files.move(draft, marker);
    }
  }

  /**
   * This machine's name: the kernel's (Linux, the only system the local launcher runs on), which
   * needs no name lookup; the JVM's answer where that cannot be read.
   */
  static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Cannot read the kernel's host name: {}", e.toString());
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
