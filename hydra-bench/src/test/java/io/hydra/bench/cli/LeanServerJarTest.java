package io.hydra.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The server's runnable jar stays lean (issue 21): no benchmark peers, the PostgreSQL binaries of
 * Linux x86-64 only, at most 40 MB. In a reactor build ({@code mvn verify}) hydra-web is packaged
 * before this module's tests run; without the jar there is nothing to check.
 */
class LeanServerJarTest {

  private static final Path JAR = Path.of("../hydra-web/target/hydra.jar");
  private static final long MAX_BYTES = 40_000_000;

  @Test
  void theServerJarHoldsNoPeersAndOnePlatformsBinaries() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + " (hydra-web not packaged)");
    List<String> names;
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      names = zip.stream().map(ZipEntry::getName).toList();
    }
    assertThat(names)
        .noneMatch(n -> n.startsWith("org/quartz/"))
        .noneMatch(n -> n.startsWith("com/github/kagkarlsson/"))
        .noneMatch(n -> n.startsWith("io/hydra/bench/"));
    assertThat(names.stream().filter(n -> n.endsWith(".txz")))
        .containsExactly("postgres-linux-x86_64.txz");
    assertThat(Files.size(JAR)).isLessThanOrEqualTo(MAX_BYTES);
  }
}
