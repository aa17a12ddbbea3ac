package io.hydra.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.Instants;
import io.hydra.store.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads small request bodies strictly: unknown fields and wrong types name the field. */
public final class Bodies {

  private static final Pattern PARAM_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private Bodies() {}

  /** The body as a JSON object; an empty body is an empty object. */
  public static ObjectNode object(Context ctx, Set<String> allowed) {
    String body = ctx.body();
    if (body.isBlank()) {
      return Json.json().createObjectNode();
    }
    JsonNode tree;
    try {
      tree = Json.json().readTree(body);
    } catch (JsonProcessingException e) {
      throw ValidationException.of("body", "malformed JSON: " + e.getOriginalMessage());
    }
    if (!(tree instanceof ObjectNode object)) {
      throw ValidationException.of("body", "expected a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ValidationException.of(
            name, "unknown field (expected one of " + String.join(", ", allowed) + ")");
      }
    }
    return object;
  }

  public static Instant instant(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      return Instants.inRange(field, Instant.parse(value.asText()));
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          field,
          "'" + value.asText() + "' is not an ISO-8601 instant such as 2026-03-01T02:00:00Z");
    }
  }

  /** A positive integer path parameter no larger than {@code max}; the error names it. */
  public static long positivePathParam(Context ctx, String name, long max) {
    try {
      long value = Long.parseLong(ctx.pathParam(name));
      if (value < 1 || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ValidationException.of(
          name, "must be a positive integer, not '" + ctx.pathParam(name) + "'");
    }
  }

  /** An optional integer field: null when absent. */
  public static Integer integer(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ValidationException.of(field, "expected an integer");
    }
    return value.asInt();
  }

  public static boolean bool(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ValidationException.of(field, "expected true or false");
    }
    return value.asBoolean();
  }

  /** Run parameters: a flat object of scalar values, kept as strings. */
  public static Map<String, String> params(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ValidationException.of(field, "expected an object of name: value");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!PARAM_KEY.matcher(e.getKey()).matches()) {
        throw ValidationException.of(
            field + "." + e.getKey(), "parameter names must match " + PARAM_KEY.pattern());
      }
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw ValidationException.of(
            field + "." + e.getKey(), "expected a string, number or boolean");
      }
      params.put(e.getKey(), e.getValue().asText());
    }
    return params;
  }
}
