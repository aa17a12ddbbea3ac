package io.hydra.store.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hydra.core.job.UpstreamRef;
import java.time.Duration;

/**
 * The one Jackson configuration Hydra uses everywhere (store, API, CLI), so a job reads and writes
 * the same in YAML, JSON and the database: ISO-8601 instants and durations, lower-case enums
 * ({@code all_success}), unknown fields rejected, nulls left out.
 */
public final class Json {

  /** Deep enough for any job; a deeper body is an attack on the parser's stack, refused. */
  public static final int MAX_NESTING_DEPTH = 32;

  private static final ObjectMapper JSON =
      configure(
          JsonMapper.builder(
                  JsonFactory.builder()
                      .streamReadConstraints(
                          StreamReadConstraints.builder()
                              .maxNestingDepth(MAX_NESTING_DEPTH)
                              .build())
                      .build())
              .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
              .build());
  private static final ObjectMapper YAML =
      configure(
          YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .build())
              .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
              .build());

  private Json() {}

  public static ObjectMapper json() {
    return JSON;
  }

  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Serialises to compact JSON; a failure here is a bug, not bad input. */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not match " + type.getSimpleName(), e);
    }
  }

  public static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not match " + type.getType(), e);
    }
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    SimpleModule hydra = new SimpleModule("hydra");
    hydra.addDeserializer(UpstreamRef.class, new UpstreamRefDeserializer());
    hydra.addSerializer(UpstreamRef.class, new UpstreamRefSerializer());
    hydra.addDeserializer(Duration.class, new IsoDurationDeserializer());
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(hydra); // after JavaTimeModule: its Duration reader is replaced
    mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
    mapper.configure(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS, false);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    mapper.configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    return mapper;
  }
}
