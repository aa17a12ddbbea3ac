package io.hydra.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedPlatformTest {

  @Test
  void linuxAmd64RunsTheEmbeddedPostgres() {
    assertThat(EmbeddedPlatform.problem("Linux", "amd64", false)).isEmpty();
    assertThat(EmbeddedPlatform.problem("Linux", "x86_64", false)).isEmpty();
  }

  @Test
  void anotherPlatformGetsOneLineNamingItAndDbUrl() {
    String problem = EmbeddedPlatform.problem("Mac OS X", "aarch64", false).orElseThrow();

    assertThat(problem)
        .doesNotContain("\n")
        .contains("linux-x86_64")
        .contains("darwin-arm_64 (Mac OS X aarch64)")
        .contains("--db-url");
    assertThat(EmbeddedPlatform.problem("Linux", "aarch64", false)).isPresent();
    assertThat(EmbeddedPlatform.problem("Windows 11", "amd64", false)).isPresent();
  }

  @Test
  void alpineNeedsMuslBinariesTheJarDoesNotCarry() {
    assertThat(EmbeddedPlatform.problem("Linux", "amd64", true).orElseThrow())
        .contains("linux-x86_64-alpine");
  }

  @Test
  void namesPlatformsAsTheBinariesArchivesDo() {
    assertThat(EmbeddedPlatform.name("Linux", "amd64")).isEqualTo("linux-x86_64");
    assertThat(EmbeddedPlatform.name("Mac OS X", "x86_64")).isEqualTo("darwin-x86_64");
    assertThat(EmbeddedPlatform.name("Windows 10", "amd64")).isEqualTo("windows-x86_64");
    assertThat(EmbeddedPlatform.name("Linux", "aarch64")).isEqualTo("linux-arm_64");
  }

  /** The list and hydra-store's pom agree: each platform's archive is there, and only those. */
  @Test
  void theClassPathHoldsTheBinariesOfTheSupportedPlatformsOnly() {
    ClassLoader loader = getClass().getClassLoader();
    EmbeddedPlatform.SUPPORTED.forEach(
        platform ->
            assertThat(loader.getResource("postgres-" + platform + ".txz"))
                .as(platform)
                .isNotNull());
    for (String left :
        new String[] {"darwin-x86_64", "windows-x86_64", "linux-x86_64-alpine_linux"}) {
      assertThat(loader.getResource("postgres-" + left + ".txz")).as(left).isNull();
    }
  }
}
