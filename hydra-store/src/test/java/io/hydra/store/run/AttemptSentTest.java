package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskLocation;
import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The record, made before a launcher hands tasks on, that it did and where to (V12). */
class AttemptSentTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskLocation AGENT = TaskLocation.mesosAgent("S1", "agent1");

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static Attempt launching(long runId, String taskId) {
    return new Attempt(
        runId,
        1,
        taskId,
        "mesos",
        null,
        AttemptState.LAUNCHING,
        Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, 1),
        null,
        null,
        null,
        null,
        null,
        NOW,
        null,
        null);
  }

  private static long run(String job) {
    NewRun r =
        new NewRun(
            job,
            NOW,
            1,
            RunState.RUNNING,
            Reason.of(ReasonKind.TRIGGERED),
            RunCause.MANUAL,
            Map.of());
    return store.inTransaction(tx -> tx.runWrites().insertIfAbsent(r, NOW)).orElseThrow().id();
  }

  @Test
  void recordedAttemptsAreSentToTheirAgentAndTheOthersNeverSent() {
    long a = run("sent-a");
    long b = run("sent-b");
    store.useTransaction(
        tx -> tx.attempts().insertAll(List.of(launching(a, "t.a"), launching(b, "t.b"))));

    store.useTransaction(tx -> tx.attempts().recordSent(List.of("t.a"), AGENT, NOW));

    Set<String> neverSent = store.read(tx -> tx.attempts().activeNeverSent());
    assertThat(neverSent).contains("t.b").doesNotContain("t.a");
    assertThat(store.read(tx -> tx.attempts().get(a, 1)).orElseThrow().location()).isEqualTo(AGENT);
    assertThat(store.read(tx -> tx.attempts().get(b, 1)).orElseThrow().location()).isNull();
  }
}
