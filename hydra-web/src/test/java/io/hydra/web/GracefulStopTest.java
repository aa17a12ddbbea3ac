package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real server on its embedded PostgreSQL: the server stops before its database does,
 * so it ends without errors and gives up its leader lease, and the next start on the same data
 * directory need not wait for the lease to lapse.
 */
class GracefulStopTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  @Test
  void sigtermStopsTheServerBeforeItsEmbeddedDatabase() throws Exception {
    try (ServerProcess server = ServerProcess.embedded(dataDir)) {
      Await.until("the server leads", WAIT, () -> printed(server, "leads, epoch 1"));
      int printedBeforeStop = server.output().size();

      int exit = server.stop(WAIT);

      List<String> afterStop = server.outputSince(printedBeforeStop);
      assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(afterStop).anyMatch(line -> line.contains("Gave up the leader lease (epoch 1)"));
      assertThat(afterStop).noneMatch(line -> line.contains(" ERROR ") || line.contains(" WARN "));
      assertThat(afterStop).noneMatch(line -> line.startsWith("\tat "));
    }
  }

  private static boolean printed(ServerProcess server, String text) {
    return server.output().stream().anyMatch(line -> line.contains(text));
  }
}
