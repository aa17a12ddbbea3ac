package io.hydra.store.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads job specs from user text (JSON or YAML) and turns every parse or type error into a {@link
 * ValidationException} that names the field, e.g. {@code retries.max: expected an integer}.
 */
public final class JobSpecReader {

  private JobSpecReader() {}

  public static JobSpec fromJson(String text) {
    return read(Json.json(), text);
  }

  public static JobSpec fromYaml(String text) {
    return read(Json.yaml(), text);
  }

  public static JobSpec fromTree(JsonNode tree) {
    refuseHidden(tree);
    try {
      return Json.json().treeToValue(tree, JobSpec.class);
    } catch (JsonProcessingException e) {
      throw unindexed(translate(e), tree);
    }
  }

  /** Reads any value type from a JSON tree; errors name the field as for job specs. */
  public static <T> T fromTree(JsonNode tree, Class<T> type) {
    try {
      return Json.json().treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw translate(e);
    }
  }

  private static JobSpec read(ObjectMapper mapper, String text) {
    if (text == null || text.isBlank()) {
      throw ValidationException.of("body", "is empty; expected a job definition");
    }
    try {
      JobSpec spec = mapper.readValue(text, JobSpec.class);
      if (spec == null) {
        throw ValidationException.of("body", "is empty; expected a job definition");
      }
      if (text.contains(JobSpec.FIRST_SCHEDULE)) {
        refuseHidden(tree(mapper, text));
      }
      return spec;
    } catch (JsonProcessingException e) {
      throw unindexed(translate(e), tree(mapper, text));
    }
  }

  /**
   * A single {@code schedule} object is read as a list of one, so its errors come back as {@code
   * schedule[0].x}; they are named as written, {@code schedule.x}.
   */
  private static ValidationException unindexed(ValidationException e, JsonNode tree) {
    if (tree == null || !tree.path("schedule").isObject()) {
      return e;
    }
    return new ValidationException(
        e.errors().stream()
            .map(
                f ->
                    f.field().startsWith("schedule[0]")
                        ? new FieldError("schedule" + f.field().substring(11), f.message())
                        : f)
            .toList());
  }

  /**
   * Jackson reads {@link JobSpec#FIRST_SCHEDULE} (the record's name for the first schedule) as a
   * field; to a user it is no field at all.
   */
  private static void refuseHidden(JsonNode tree) {
    if (tree != null && tree.has(JobSpec.FIRST_SCHEDULE)) {
      throw ValidationException.of(
          JobSpec.FIRST_SCHEDULE, "unknown field '" + JobSpec.FIRST_SCHEDULE + "'");
    }
  }

  private static JsonNode tree(ObjectMapper mapper, String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return null; // malformed: the error says so already
    }
  }

  static ValidationException translate(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return ValidationException.of(
          "body", "malformed input" + at(e.getLocation()) + ": " + e.getOriginalMessage());
    }
    String field = path(mapping);
    return new ValidationException(List.of(new FieldError(field, reason(mapping))));
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'";
    }
    if (e instanceof InvalidFormatException format) {
      return "'" + format.getValue() + "' is not a valid " + describe(format.getTargetType());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String original = e.getOriginalMessage();
      if (original != null && !original.startsWith("Cannot")) {
        return original;
      }
      return "expected " + describe(mismatch.getTargetType());
    }
    return e.getOriginalMessage();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type.isEnum()) {
      return "value (one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase())
              .collect(Collectors.joining(", "))
          + ")";
    }
    return switch (type.getSimpleName()) {
      case "Integer", "int", "Long", "long" -> "integer";
      case "Double", "double" -> "number";
      case "Boolean", "boolean" -> "boolean (true or false)";
      case "Duration" -> "ISO-8601 duration such as PT30S";
      case "Instant" -> "ISO-8601 instant such as 2026-01-01T00:00:00Z";
      case "LocalDate" -> "date such as 2027-12-25";
      case "String" -> "string";
      case "List" -> "list";
      case "Map" -> "mapping";
      default -> "mapping";
    };
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
