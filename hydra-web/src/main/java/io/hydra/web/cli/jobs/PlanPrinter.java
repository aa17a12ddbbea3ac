package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an apply answer: each calendar created or updated, each job created, updated (field by
 * field) or deleted.
 */
public final class PlanPrinter {

  /** Longer lists of unchanged jobs are only counted: the changes are what a reviewer reads. */
  private static final int MAX_NAMES = 20;

  private PlanPrinter() {}

  public static boolean hasChanges(JsonNode plan) {
    return plan.path("created").size() + plan.path("updated").size() + plan.path("deleted").size()
            > 0
        || calendarChanges(plan) > 0;
  }

  private static int calendarChanges(JsonNode plan) {
    int changed = 0;
    for (JsonNode c : plan.path("calendars")) {
      changed += c.path("change").asText().equals("unchanged") ? 0 : 1;
    }
    return changed;
  }

  public static void print(JsonNode plan, PrintWriter out) {
    boolean applied = !plan.path("dryRun").asBoolean(true);
    for (JsonNode c : plan.path("calendars")) {
      String change = c.path("change").asText();
      if (!change.equals("unchanged")) {
        out.println(
            (change.equals("created") ? "+ create" : "~ update")
                + " calendar "
                + c.path("calendar").asText());
      }
    }
    for (JsonNode c : plan.path("created")) {
      out.println("+ create " + c.path("job").asText() + version(c, applied));
    }
    for (JsonNode u : plan.path("updated")) {
      out.println(
          "~ update "
              + u.path("job").asText()
              + " (version "
              + u.path("fromVersion").asInt()
              + (applied ? " -> " + u.path("version").asInt() : "")
              + ")");
      for (JsonNode change : u.path("changes")) {
        out.println(
            "    "
                + change.path("field").asText()
                + ": "
                + value(change.get("before"))
                + " -> "
                + value(change.get("after")));
      }
    }
    for (JsonNode d : plan.path("deleted")) {
      out.println(
          "- delete "
              + d.path("job").asText()
              + " (version "
              + d.path("fromVersion").asInt()
              + ")");
    }
    List<String> unchanged = names(plan.path("unchanged"));
    if (unchanged.size() > MAX_NAMES) {
      out.println("= " + unchanged.size() + " jobs unchanged");
    } else if (!unchanged.isEmpty()) {
      out.println("= unchanged: " + String.join(", ", unchanged));
    }
    List<String> outside = names(plan.path("notInSet"));
    if (!outside.isEmpty()) {
      out.println(
          "  on the server but not in these files (kept; --prune deletes them): "
              + String.join(", ", outside));
    }
    summary(plan, out);
  }

  /** The last line of {@link #print}: counts, or that there is nothing to change. */
  public static void summary(JsonNode plan, PrintWriter out) {
    boolean applied = !plan.path("dryRun").asBoolean(true);
    int created = plan.path("created").size();
    int updated = plan.path("updated").size();
    int deleted = plan.path("deleted").size();
    if (!hasChanges(plan)) {
      out.println("No changes: the server matches these files.");
    } else if (applied) {
      out.println(
          "Applied: "
              + calendars(plan)
              + created
              + " created, "
              + updated
              + " updated, "
              + deleted
              + " deleted (source: "
              + plan.path("source").asText()
              + ").");
    } else {
      out.println(
          "Plan: "
              + calendars(plan)
              + created
              + " to create, "
              + updated
              + " to update, "
              + deleted
              + " to delete.");
    }
  }

  /** "2 calendars changed, " before the job counts, or nothing when no calendar changes. */
  private static String calendars(JsonNode plan) {
    int changed = calendarChanges(plan);
    return changed == 0 ? "" : changed + (changed == 1 ? " calendar" : " calendars") + " changed, ";
  }

  private static String version(JsonNode created, boolean applied) {
    return applied ? " (version " + created.path("version").asInt() + ")" : "";
  }

  private static String value(JsonNode node) {
    return node == null || node.isNull() ? "(none)" : Json.write(node);
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
