package io.hydra.scheduler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.job.JobSpec;
import io.hydra.store.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The field-level difference between two job specs, computed on their JSON form so the paths are
 * the ones users write ({@code schedule.cron}, {@code task.env.MODE}). Mappings are compared key by
 * key; a list is one value, since its order matters and its entries have no identity.
 */
public final class SpecDiff {

  private SpecDiff() {}

  /** Pass normalized specs: defaults then compare equal however they were written. */
  public static List<FieldChange> between(JobSpec before, JobSpec after) {
    List<FieldChange> out = new ArrayList<>();
    walk("", tree(before), tree(after), out);
    return out;
  }

  private static JsonNode tree(JobSpec spec) {
    return spec == null ? null : Json.json().valueToTree(spec);
  }

  private static void walk(String path, JsonNode before, JsonNode after, List<FieldChange> out) {
    if (Objects.equals(before, after)) {
      return;
    }
    boolean objects = (before == null || before.isObject()) && (after == null || after.isObject());
    if (!objects) {
      out.add(new FieldChange(path, before, after));
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    addNames(after, names);
    addNames(before, names);
    for (String name : names) {
      walk(path.isEmpty() ? name : path + "." + name, child(before, name), child(after, name), out);
    }
  }

  private static void addNames(JsonNode node, Set<String> names) {
    if (node != null) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
    }
  }

  private static JsonNode child(JsonNode node, String name) {
    return node == null ? null : node.get(name);
  }
}
