package io.hydra.core.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders the generated parts of {@code docs/state-machine.md} from {@link RunTable} and {@link
 * AttemptLifecycle}: a Mermaid {@code stateDiagram-v2} and a table of every cell, for runs and for
 * attempts. The rest of the file is prose, kept as written; each generated part sits between {@code
 * <!-- BEGIN GENERATED name -->} and {@code <!-- END GENERATED name -->}. {@code
 * StateMachineDocTest} checks the file, and rewrites it when asked to (see {@link #REGENERATE}).
 */
final class StateMachineDoc {

  /** The command that rewrites the file's generated parts from the tables. */
  static final String REGENERATE =
      "mvn -B -q -pl hydra-core test -Dtest=StateMachineDocTest -Dhydra.docs.write=true";

  private StateMachineDoc() {}

  /** {@code doc} with each generated part rendered afresh. */
  static String render(String doc) {
    String out = doc;
    out = replace(out, "run-diagram", runDiagram());
    out = replace(out, "run-table", runTable());
    out = replace(out, "run-held", runHeld());
    out = replace(out, "attempt-diagram", attemptDiagram());
    out = replace(out, "attempt-table", attemptTable());
    return out;
  }

  static String runDiagram() {
    StringBuilder out = new StringBuilder("```mermaid\nstateDiagram-v2\n");
    for (RunState s : RunTable.CREATED_IN) {
      out.append("  [*] --> ").append(s.wireName()).append('\n');
    }
    for (RunState from : RunState.values()) {
      Map<RunState, List<String>> edges = new EnumMap<>(RunState.class);
      for (RunEvent e : RunEvent.values()) {
        if (RunTable.step(from, e) instanceof RunTable.Step.Moves m) {
          edges.computeIfAbsent(m.to(), k -> new ArrayList<>()).add(e.wireName());
        }
      }
      edges.forEach((to, events) -> edge(out, from.wireName(), to.wireName(), events));
    }
    out.append("  classDef ended fill:#eeeeee,stroke:#555555\n  class ");
    List<String> ended = new ArrayList<>();
    for (RunState s : RunState.values()) {
      if (s.isTerminal()) {
        ended.add(s.wireName());
      }
    }
    return out.append(String.join(",", ended)).append(" ended\n```\n").toString();
  }

  /** What a hold changes: the steps a held run does not take. */
  static String runHeld() {
    List<String> events = new ArrayList<>();
    RunTable.HELD_BACK.forEach(e -> events.add("`" + e.wireName() + "`"));
    return "A held run refuses "
        + String.join(", ", events)
        + " and a second `hold`; a run not held"
        + " refuses `release`. Every other cell is as above.\n";
  }

  static String attemptDiagram() {
    StringBuilder out = new StringBuilder("```mermaid\nstateDiagram-v2\n");
    out.append("  [*] --> ").append(AttemptLifecycle.CREATED_IN.wireName()).append('\n');
    for (AttemptState from : AttemptState.values()) {
      Map<AttemptState, List<String>> edges = new EnumMap<>(AttemptState.class);
      for (AttemptEvent e : AttemptEvent.values()) {
        AttemptLifecycle.Step step = AttemptLifecycle.step(from, e);
        AttemptState to =
            step instanceof AttemptLifecycle.Step.Moves m
                ? m.to()
                : step instanceof AttemptLifecycle.Step.RequestsKill ? from : null;
        if (to != null) {
          edges.computeIfAbsent(to, k -> new ArrayList<>()).add(e.wireName());
        }
      }
      edges.forEach((to, events) -> edge(out, from.wireName(), to.wireName(), events));
    }
    for (AttemptState s : AttemptState.values()) {
      if (s.isTerminal()) {
        out.append("  ").append(s.wireName()).append(" --> [*]\n");
      }
    }
    return out.append("```\n").toString();
  }

  static String runTable() {
    return table(
        RunState.values(),
        RunEvent.values(),
        RunState::wireName,
        RunEvent::wireName,
        (from, e) -> runCell(RunTable.step(from, e)));
  }

  static String attemptTable() {
    return table(
        AttemptState.values(),
        AttemptEvent.values(),
        AttemptState::wireName,
        AttemptEvent::wireName,
        (from, e) -> attemptCell(AttemptLifecycle.step(from, e)));
  }

  private static String runCell(RunTable.Step step) {
    if (step instanceof RunTable.Step.Holds h) {
      return h.held() ? "stays, **held**" : "stays, released";
    }
    if (!(step instanceof RunTable.Step.Moves m)) {
      return "—";
    }
    List<String> parts = new ArrayList<>(List.of("**" + m.to().wireName() + "**"));
    switch (m.failures()) {
      case COUNT -> parts.add("failures +1");
      case RESET -> parts.add("failures 0");
      case KEEP -> {}
    }
    m.effects().forEach(k -> parts.add(k.name().toLowerCase()));
    return String.join(", ", parts);
  }

  private static String attemptCell(AttemptLifecycle.Step step) {
    if (step instanceof AttemptLifecycle.Step.Moves m) {
      String to = "**" + m.to().wireName() + "**";
      return m.outcome() == null ? to : to + ", run told " + m.outcome().name().toLowerCase();
    }
    if (step instanceof AttemptLifecycle.Step.Ignored i) {
      return "ignored (" + i.why().name().toLowerCase() + ")";
    }
    return "kill the task";
  }

  /** A Markdown table: one row per event, one column per state. */
  private static <S, E> String table(
      S[] states,
      E[] events,
      Function<S, String> stateName,
      Function<E, String> eventName,
      java.util.function.BiFunction<S, E, String> cell) {
    StringBuilder out = new StringBuilder("| event |");
    for (S s : states) {
      out.append(' ').append(stateName.apply(s)).append(" |");
    }
    out.append("\n|---|");
    out.append("---|".repeat(states.length)).append('\n');
    for (E e : events) {
      out.append("| `").append(eventName.apply(e)).append("` |");
      for (S s : states) {
        out.append(' ').append(cell.apply(s, e)).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void edge(StringBuilder out, String from, String to, List<String> events) {
    out.append("  ")
        .append(from)
        .append(" --> ")
        .append(to)
        .append(" : ")
        .append(String.join(", ", events))
        .append('\n');
  }

  private static String replace(String doc, String name, String content) {
    String begin = "<!-- BEGIN GENERATED " + name + " -->\n";
    String end = "<!-- END GENERATED " + name + " -->";
    int from = doc.indexOf(begin);
    int to = doc.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no '" + begin.strip() + "' ... '" + end + "' part");
    }
    return doc.substring(0, from + begin.length()) + content + doc.substring(to);
  }
}
