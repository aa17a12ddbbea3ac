package io.hydra.web.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hydra.store.json.Json;
import io.hydra.web.api.JobListings.ListedJob;
import io.hydra.web.api.JobListings.Listing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A page of the job list as JSON bytes, exactly as {@code ctx.json(new Views.Page<>(...JobView...,
 * next))} writes it, from pieces written once per version of a job: all of an entry but its next
 * fire is fixed by the job's name and version. Writing a hundred entries field by field was a third
 * of a list request's work; copying their bytes is a small part of it.
 */
final class JobListJson {

  /** As many as {@link JobListings} keeps listings. */
  private static final int PIECES = JobListings.LISTINGS;

  private static final byte[] ITEMS = bytes("{\"items\":[");
  private static final byte[] NEXT_FIRE_AT = bytes(",\"nextFireAt\":\"");
  private static final byte[] ITEMS_END = bytes("]");
  private static final byte[] NEXT_CURSOR = bytes(",\"nextCursor\":");

  /**
   * By the listing itself (weak keys compare by identity): {@link JobListings} hands out one
   * listing per name and version while it keeps it, and a listing it drops goes from here too.
   */
  private final Cache<Listing, Piece> pieces =
      Caffeine.newBuilder().weakKeys().maximumSize(PIECES).build();

  /**
   * An entry without its next fire, which goes between the two: {@code {"name":..,"version":..,
   * "createdAt":..,"updatedAt":..} and {@code ,"spec":{..}}}.
   */
  private record Piece(byte[] head, byte[] tail) {}

  byte[] write(List<ListedJob> page, String nextCursor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.size() * 512);
    out.writeBytes(ITEMS);
    for (int i = 0; i < page.size(); i++) {
      ListedJob job = page.get(i);
      Piece piece = pieces.get(job.listing(), listing -> piece(job));
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(piece.head());
      if (job.nextFireAt() != null) { // left out when null, as Json leaves out nulls
        out.writeBytes(NEXT_FIRE_AT);
        out.writeBytes(bytes(job.nextFireAt().toString())); // Jackson's ISO_INSTANT
        out.write('"');
      }
      out.writeBytes(piece.tail());
    }
    out.writeBytes(ITEMS_END);
    if (nextCursor != null) {
      out.writeBytes(NEXT_CURSOR);
      out.writeBytes(jsonString(nextCursor));
    }
    out.write('}');
    return out.toByteArray();
  }

  private static Piece piece(ListedJob job) {
    ByteArrayBuilder head = new ByteArrayBuilder();
    try (JsonGenerator json = Json.json().getFactory().createGenerator(head, JsonEncoding.UTF8)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
      json.writeStartObject();
      json.writeStringField("name", job.name());
      json.writeNumberField("version", job.version());
      json.writeStringField("createdAt", job.listing().createdAtText());
      json.writeStringField("updatedAt", job.listing().updatedAtText());
      // the object stays open: the next fire and the spec follow
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Piece(head.toByteArray(), bytes(",\"spec\":" + job.listing().spec() + "}"));
  }

  private static byte[] jsonString(String text) {
    try {
      return Json.json().writeValueAsBytes(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
