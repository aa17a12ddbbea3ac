package io.hydra.core.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Marathon-style placement constraint, {@code [field, OPERATOR, value?]}, where field is an
 * agent attribute name or {@code hostname}. Operators follow Marathon:
 *
 * <ul>
 *   <li>{@code EQUALS} (alias {@code IS}): the field equals the value.
 *   <li>{@code LIKE} / {@code UNLIKE}: the field does / does not fully match the regex; an agent
 *       without the attribute fails LIKE and passes UNLIKE.
 *   <li>{@code UNIQUE}: no other active task of the job runs on an agent with the same value.
 *   <li>{@code CLUSTER}: every task of the job on one value: the given one, or else that of the
 *       job's first running task.
 *   <li>{@code GROUP_BY [n]}: tasks spread evenly over the values (over n values when given).
 *   <li>{@code MAX_PER n}: at most n active tasks of the job per value.
 * </ul>
 *
 * <p>The "other tasks of the job" are the placements a launcher knows: tasks it launched or learned
 * about through status updates, that have not ended. Pure: the job validator parses constraints to
 * reject bad ones early, the Mesos launcher to match offers.
 */
public record TaskConstraint(String field, Operator operator, String value) {

  public enum Operator {
    EQUALS,
    LIKE,
    UNLIKE,
    UNIQUE,
    CLUSTER,
    GROUP_BY,
    MAX_PER
  }

  /** The pseudo-attribute naming the agent's host rather than one of its attributes. */
  public static final String HOSTNAME = "hostname";

  public TaskConstraint {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operator, "operator");
  }

  /** Parses {@code [[rack, UNLIKE, r1], [hostname, UNIQUE]]}; null or empty means none. */
  public static List<TaskConstraint> parseAll(List<List<String>> raw) {
    if (raw == null) {
      return List.of();
    }
    List<TaskConstraint> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      try {
        out.add(parse(raw.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("constraint " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  public static TaskConstraint parse(List<String> parts) {
    if (parts == null || parts.size() < 2 || parts.size() > 3) {
      throw new IllegalArgumentException(
          "expected [field, OPERATOR] or [field, OPERATOR, value], got " + parts);
    }
    String field = parts.get(0);
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("empty field in " + parts);
    }
    String opName = Objects.requireNonNullElse(parts.get(1), "").trim().toUpperCase(Locale.ROOT);
    Operator op;
    try {
      op = "IS".equals(opName) ? Operator.EQUALS : Operator.valueOf(opName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown operator '"
              + parts.get(1)
              + "' (expected EQUALS, LIKE, UNLIKE, UNIQUE, CLUSTER, GROUP_BY or MAX_PER)");
    }
    String value = parts.size() == 3 ? parts.get(2) : null;
    switch (op) {
      case EQUALS, LIKE, UNLIKE -> {
        if (value == null) {
          throw new IllegalArgumentException(
              op + " needs a value: [" + field + ", " + op + ", value]");
        }
        if (op != Operator.EQUALS) {
          try {
            Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                op + " value is not a regular expression: " + e.getDescription());
          }
        }
      }
      case UNIQUE -> {
        if (value != null) {
          throw new IllegalArgumentException("UNIQUE takes no value");
        }
      }
      case GROUP_BY, MAX_PER -> {
        if (value == null && op == Operator.MAX_PER) {
          throw new IllegalArgumentException("MAX_PER needs a number");
        }
        if (value != null) {
          try {
            if (Integer.parseInt(value.trim()) < 1) {
              throw new NumberFormatException();
            }
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                op + " value must be a positive integer, got '" + value + "'");
          }
        }
      }
      case CLUSTER -> {
        // value optional
      }
    }
    return new TaskConstraint(field, op, value);
  }

  /**
   * Whether an agent passes this constraint.
   *
   * @param agent the candidate agent's attributes (with {@link #HOSTNAME})
   * @param others the attributes of the agents running the job's other active tasks, one entry per
   *     task
   */
  public boolean matches(Map<String, String> agent, Collection<Map<String, String>> others) {
    String v = agent.get(field);
    return switch (operator) {
      case EQUALS -> value.equals(v);
      case LIKE -> v != null && Pattern.matches(value, v);
      case UNLIKE -> v == null || !Pattern.matches(value, v);
      case UNIQUE -> v != null && others.stream().noneMatch(o -> v.equals(o.get(field)));
      case CLUSTER ->
          v != null
              && (value != null
                  ? value.equals(v)
                  : others.stream()
                      .map(o -> o.get(field))
                      .filter(Objects::nonNull)
                      .allMatch(v::equals));
      case MAX_PER ->
          v != null
              && others.stream().filter(o -> v.equals(o.get(field))).count()
                  < Integer.parseInt(value.trim());
      case GROUP_BY -> v != null && groupByAllows(v, others);
    };
  }

  /** Marathon's rule: accept the value if it holds no more tasks than the least used group. */
  private boolean groupByAllows(String v, Collection<Map<String, String>> others) {
    Map<String, Integer> counts = new HashMap<>();
    for (Map<String, String> o : others) {
      String ov = o.get(field);
      if (ov != null) {
        counts.merge(ov, 1, Integer::sum);
      }
    }
    int mine = counts.getOrDefault(v, 0);
    int expected = value == null ? 0 : Integer.parseInt(value.trim());
    int min =
        counts.size() < expected || counts.isEmpty()
            ? 0
            : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    if (!counts.containsKey(v) && expected == 0) {
      return true; // a group not used yet is the least used one
    }
    return mine <= min;
  }

  @Override
  public String toString() {
    return "[" + field + ", " + operator + (value == null ? "" : ", " + value) + "]";
  }
}
