package io.hydra.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Marathon-style placement constraints: parsing with precise errors, and matching. */
class TaskConstraintTest {

  @Test
  void constraintsFollowMarathon() {
    Map<String, String> r1 = Map.of("rack", "r1", "hostname", "h1");
    Map<String, String> r2 = Map.of("rack", "r2", "hostname", "h2");
    Map<String, String> bare = Map.of("hostname", "h3");

    assertThat(c("rack", "EQUALS", "r1").matches(r1, List.of())).isTrue();
    assertThat(c("rack", "IS", "r1").matches(r2, List.of())).isFalse();
    assertThat(c("rack", "LIKE", "r[12]").matches(r2, List.of())).isTrue();
    assertThat(c("rack", "LIKE", "r").matches(r1, List.of())).as("whole value").isFalse();
    assertThat(c("rack", "LIKE", ".*").matches(bare, List.of())).isFalse();
    assertThat(c("rack", "UNLIKE", "r1").matches(r1, List.of())).isFalse();
    assertThat(c("rack", "UNLIKE", "r1").matches(bare, List.of())).isTrue();

    TaskConstraint unique = c("hostname", "UNIQUE", null);
    assertThat(unique.matches(r1, List.of(r2))).isTrue();
    assertThat(unique.matches(r1, List.of(r1))).isFalse();

    assertThat(c("rack", "CLUSTER", "r2").matches(r1, List.of())).isFalse();
    TaskConstraint cluster = c("rack", "CLUSTER", null);
    assertThat(cluster.matches(r1, List.of())).as("first task picks the value").isTrue();
    assertThat(cluster.matches(r2, List.of(r1))).isFalse();
    assertThat(cluster.matches(r1, List.of(r1))).isTrue();

    TaskConstraint groupBy2 = c("rack", "GROUP_BY", "2");
    assertThat(groupBy2.matches(r1, List.of(r1))).as("r2 still empty").isFalse();
    assertThat(groupBy2.matches(r2, List.of(r1))).isTrue();
    assertThat(groupBy2.matches(r1, List.of(r1, r2))).isTrue();
    assertThat(groupBy2.matches(r1, List.of(r1, r1, r2))).isFalse();
    assertThat(c("rack", "GROUP_BY", null).matches(r2, List.of(r1))).isTrue();

    TaskConstraint maxPer = c("rack", "MAX_PER", "2");
    assertThat(maxPer.matches(r1, List.of(r1))).isTrue();
    assertThat(maxPer.matches(r1, List.of(r1, r1))).isFalse();
  }

  @Test
  void malformedConstraintsAreRejectedWithTheirPosition() {
    assertThatThrownBy(
            () ->
                TaskConstraint.parseAll(
                    List.of(List.of("rack", "EQUALS", "r1"), List.of("rack", "LIKE"))))
        .hasMessageContaining("constraint 2")
        .hasMessageContaining("LIKE needs a value");
    assertThatThrownBy(() -> TaskConstraint.parse(List.of("rack", "LIKE", "([")))
        .hasMessageContaining("regular expression");
    assertThatThrownBy(() -> TaskConstraint.parse(List.of("rack", "GROUP_BY", "zero")))
        .hasMessageContaining("positive integer");
    assertThatThrownBy(() -> TaskConstraint.parse(List.of("rack")))
        .hasMessageContaining("[field, OPERATOR]");
  }

  private static TaskConstraint c(String field, String op, String value) {
    List<String> parts = new ArrayList<>(List.of(field, op));
    if (value != null) {
      parts.add(value);
    }
    return TaskConstraint.parse(parts);
  }
}
