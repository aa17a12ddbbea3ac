package io.hydra.scheduler.launch.local;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.util.List;

/**
 * The C library calls {@link PosixSpawnStarter} makes through JNA. The opaque structures ({@code
 * posix_spawn_file_actions_t}, {@code posix_spawnattr_t}, {@code sigset_t}) are passed as memory of
 * at least their size, filled only by their own init functions.
 */
interface LibC extends Library {

  /** Every function below, so that a C library lacking one is found out before any task starts. */
  List<String> FUNCTIONS =
      List.of(
          "posix_spawn",
          "posix_spawn_file_actions_init",
          "posix_spawn_file_actions_destroy",
          "posix_spawn_file_actions_addopen",
          "posix_spawn_file_actions_addchdir_np",
          "posix_spawn_file_actions_addclosefrom_np",
          "posix_spawnattr_init",
          "posix_spawnattr_setflags",
          "posix_spawnattr_setsigmask",
          "posix_spawnattr_setsigdefault",
          "sigemptyset",
          "sigfillset",
          "waitpid",
          "strerror");

  int posix_spawn(
      IntByReference pid,
      String path,
      Pointer fileActions,
      Pointer attributes,
      StringArray argv,
      StringArray envp);

  int posix_spawn_file_actions_init(Pointer fileActions);

  int posix_spawn_file_actions_destroy(Pointer fileActions);

  int posix_spawn_file_actions_addopen(
      Pointer fileActions, int fd, String path, int flags, int mode);

  /** glibc 2.29 and later. */
  int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

  /** glibc 2.34 and later. */
  int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int lowestFd);

  int posix_spawnattr_init(Pointer attributes);

  int posix_spawnattr_setflags(Pointer attributes, short flags);

  int posix_spawnattr_setsigmask(Pointer attributes, Pointer signals);

  int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

  int sigemptyset(Pointer signals);

  int sigfillset(Pointer signals);

  int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

  String strerror(int error);
}
