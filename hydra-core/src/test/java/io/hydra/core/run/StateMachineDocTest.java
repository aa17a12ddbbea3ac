package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/state-machine.md} shows the tables as they are: its diagrams and cell tables are what
 * {@link StateMachineDoc} renders from {@link RunTable} and {@link AttemptLifecycle}. With {@code
 * -Dhydra.docs.write=true} the test rewrites them instead ({@link StateMachineDoc#REGENERATE}).
 */
class StateMachineDocTest {

  /** Tests run in hydra-core; the docs are at the repository's root. */
  private static final Path DOC = Path.of("..", "docs", "state-machine.md");

  @Test
  void theDocShowsTheTablesAsTheyAre() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String rendered = StateMachineDoc.render(doc);
    if (Boolean.getBoolean("hydra.docs.write")) {
      Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc)
        .as(
            "%s is not what the tables give; regenerate it (from the repository's root) with%n  %s%n",
            DOC.toAbsolutePath().normalize(), StateMachineDoc.REGENERATE)
        .isEqualTo(rendered);
  }
}
