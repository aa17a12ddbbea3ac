package io.hydra.web.api;

import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.Instants;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Query parameters shared by the lists: {@code limit}, {@code sort} ({@code field} ascending,
 * {@code -field} descending) and an opaque {@code cursor} that names the sort it belongs to.
 */
final class ListParams {

  /** A sort: its field as the client names it, and its direction. */
  record Sort(String field, boolean descending) {
    String wire() {
      return (descending ? "-" : "") + field;
    }
  }

  /** A decoded cursor: the last item's sort value (text) and its key. */
  record Cursor(String value, String key) {}

  private ListParams() {}

  static int limit(Context ctx, int fallback, int max) {
    String value = ctx.queryParam("limit");
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ValidationException.of(
        "limit", "must be an integer from 1 to " + max + ", not '" + value + "'");
  }

  static Sort sort(Context ctx, String fallback, List<String> fields) {
    String value = ctx.queryParam("sort");
    String wire = value == null || value.isBlank() ? fallback : value;
    boolean descending = wire.startsWith("-");
    String field = descending ? wire.substring(1) : wire;
    if (!fields.contains(field)) {
      throw ValidationException.of(
          "sort",
          "must be one of "
              + String.join(", ", fields)
              + " (prefix - for descending), not '"
              + wire
              + "'");
    }
    return new Sort(field, descending);
  }

  static String encode(Sort sort, String value, String key) {
    String raw = sort.wire() + "\n" + (value == null ? "" : value) + "\n" + key;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, or null for the first page; one from another sort is refused. */
  static Cursor cursor(Context ctx, Sort sort) {
    String value = ctx.queryParam("cursor");
    if (value == null || value.isBlank()) {
      return null;
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("cursor", "is not a cursor from a previous page");
    }
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw ValidationException.of("cursor", "is not a cursor from a previous page");
    }
    if (!parts[0].equals(sort.wire())) {
      throw ValidationException.of(
          "cursor", "belongs to sort=" + parts[0] + ", not sort=" + sort.wire());
    }
    return new Cursor(parts[1].isEmpty() ? null : parts[1], parts[2]);
  }

  static Instant instant(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instants.inRange(name, Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          name, "'" + value + "' is not an ISO-8601 instant such as 2026-03-01T02:00:00Z");
    }
  }

  static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value;
  }
}
