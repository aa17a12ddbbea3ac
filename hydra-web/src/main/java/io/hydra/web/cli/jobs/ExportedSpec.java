package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored job written back as the YAML a person would write: every field whose removal leaves the
 * same job once defaults are filled in is left out. Each removal is checked by reading the result
 * back, so the file is guaranteed to mean exactly the stored job.
 */
public final class ExportedSpec {

  // Numbers-as-text stay quoted ("0123", "1.0") so they read back as the same strings.
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());
  // Labels and env in name order, so exports of the same jobs are the same text (clean diffs).
  private static final ObjectMapper SORTED =
      Json.json().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ExportedSpec() {}

  public static String yaml(JsonNode stored) {
    try {
      return YAML.writeValueAsString(minimal(stored));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  static ObjectNode minimal(JsonNode stored) {
    JobSpec target = JobSpecReader.fromTree(stored).normalized();
    ObjectNode root = SORTED.valueToTree(target);
    trim(root, root, target);
    return root;
  }

  private static void trim(ObjectNode root, ObjectNode node, JobSpec target) {
    List<String> order = new ArrayList<>();
    node.fieldNames().forEachRemaining(order::add);
    for (String name : order) {
      JsonNode value = node.remove(name);
      if (!means(root, target)) {
        node.set(name, value);
        if (value instanceof ObjectNode object) {
          trim(root, object, target);
        } else if (value instanceof ArrayNode list) {
          // Several schedules: each entry loses its defaults as a single schedule does.
          list.forEach(
              item -> {
                if (item instanceof ObjectNode object) {
                  trim(root, object, target);
                }
              });
        }
      }
    }
    // Putting a field back appends it; restore the order a reader expects (name first).
    ObjectNode ordered = node.objectNode();
    for (String name : order) {
      if (node.has(name)) {
        ordered.set(name, node.get(name));
      }
    }
    node.removeAll();
    node.setAll(ordered);
  }

  private static boolean means(ObjectNode tree, JobSpec target) {
    try {
      return JobSpecReader.fromTree(tree).normalized().equals(target);
    } catch (ValidationException e) {
      return false;
    }
  }
}
