package io.hydra.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.error.FieldError;
import io.hydra.core.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private static JobSpec withEnv(Map<String, String> env, List<String> secrets) {
    JobSpec spec = Specs.scheduled("etl");
    return spec.withTask(new TaskSpec("true", null, null, null, env, null, null, secrets));
  }

  @Test
  void onlyDeclaredKeysAreMasked() {
    JobSpec spec = withEnv(Map.of("KEY", "k1", "MODE", "prod"), List.of("KEY"));
    assertThat(Secrets.masked(spec).task().env())
        .containsExactlyInAnyOrderEntriesOf(Map.of("KEY", "***", "MODE", "prod"));
    assertThat(spec.task().env()).containsEntry("KEY", "k1");
  }

  @Test
  void aMaskSentBackKeepsTheStoredValueAndAnotherValueReplacesIt() {
    JobSpec stored = withEnv(Map.of("KEY", "k1"), List.of("KEY"));
    JobSpec sentBack = Secrets.masked(stored);
    assertThat(Secrets.keepingStored(sentBack, stored).task().env()).containsEntry("KEY", "k1");
    JobSpec replaced = withEnv(Map.of("KEY", "k2"), List.of("KEY"));
    assertThat(Secrets.keepingStored(replaced, stored).task().env()).containsEntry("KEY", "k2");
  }

  @Test
  void aPlanShowsThatASecretChangesWithoutShowingIt() {
    JobSpec before = withEnv(Map.of("KEY", "k1"), List.of("KEY"));
    assertThat(
            Secrets.maskedAgainst(withEnv(Map.of("KEY", "k2"), List.of("KEY")), before)
                .task()
                .env())
        .containsEntry("KEY", Secrets.CHANGED);
    assertThat(Secrets.maskedAgainst(before, before).task().env())
        .containsEntry("KEY", Secrets.MASK);
  }

  @Test
  void aMaskWithNothingStoredIsUnresolved() {
    JobSpec fresh = withEnv(Map.of("KEY", "***", "MODE", "prod"), List.of("KEY"));
    List<FieldError> errors =
        Secrets.unresolved(Secrets.keepingStored(fresh, withEnv(Map.of("MODE", "dev"), List.of())));
    assertThat(errors).extracting(FieldError::field).containsExactly("task.env.KEY");
  }
}
