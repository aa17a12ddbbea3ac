package io.hydra.web.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.local.LocalLauncher;
import io.hydra.web.metrics.MeteredLauncher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decorated as the server decorates it, the local launcher keeps its name and its budget. */
class LauncherDecoratorsTest {

  @TempDir Path dir;

  @Test
  void secretsAndMetricsKeepTheMachineBudget() throws IOException {
    Path secrets = Files.writeString(dir.resolve("secrets.properties"), "a=b\n");
    try (Launcher local = new LocalLauncher(dir.resolve("tasks"));
        Launcher decorated =
            new SecretResolvingLauncher(
                new MeteredLauncher(
                    new LocalLauncher(dir.resolve("tasks")), new SimpleMeterRegistry()),
                new SecretStore(secrets))) {
      assertThat(decorated.name()).isEqualTo("local");
      assertThat(decorated.capacity()).isPresent().isEqualTo(local.capacity());
    }
  }
}
