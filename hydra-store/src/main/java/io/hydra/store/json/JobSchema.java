package io.hydra.store.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema (2020-12) of a job file, generated from the records the API reads ({@link
 * JobSpec} and its parts), with the words, defaults and patterns of {@link JobSchemaText}. Served
 * at {@code /api/v1/schemas/job.json} and checked in as {@code schemas/job.schema.json}, which a
 * test keeps equal to what this generates. Editors use it to complete and check job files.
 */
public final class JobSchema {

  public static final String ID = "urn:hydra:schemas:job";

  /** ISO-8601 durations as {@link Duration#parse} reads them, e.g. {@code PT30M}, {@code P1D}. */
  static final String DURATION_PATTERN =
      "^[-+]?P(?:[-+]?[0-9]+D)?(?:T(?:[-+]?[0-9]+H)?(?:[-+]?[0-9]+M)?(?:[-+]?[0-9]+(?:[.,][0-9]{0,9})?S)?)?$";

  private static final ObjectNode SCHEMA = generate();

  private JobSchema() {}

  /** The schema, as a fresh copy. */
  public static ObjectNode get() {
    return SCHEMA.deepCopy();
  }

  /** The schema as the checked-in file holds it: pretty JSON ending in a newline. */
  public static String text() {
    try {
      return Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(SCHEMA) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the job schema", e);
    }
  }

  private static ObjectNode generate() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(
                Json.json(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(new JacksonModule())
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
            .without(Option.SCHEMA_VERSION_INDICATOR); // added below, before $id
    // Said of a field, not again of each item of a list field.
    config
        .forFields()
        .withDescriptionResolver(f -> field(f) ? JobSchemaText.description(key(f)) : null);
    config
        .forFields()
        .withDefaultResolver(f -> field(f) ? JobSchemaText.defaultValue(key(f)) : null);
    config.forFields().withRequiredCheck(f -> field(f) && JobSchemaText.required(key(f)));
    config
        .forFields()
        .withStringPatternResolver(f -> field(f) ? JobSchemaText.pattern(key(f)) : null);
    config
        .forFields()
        .withNumberInclusiveMinimumResolver(f -> field(f) ? JobSchemaText.minimum(key(f)) : null);
    config
        .forFields()
        .withNumberInclusiveMaximumResolver(f -> field(f) ? JobSchemaText.maximum(key(f)) : null);
    config
        .forFields()
        .withArrayUniqueItemsResolver(f -> field(f) ? JobSchemaText.unique(key(f)) : null);
    config
        .forTypesInGeneral()
        .withCustomDefinitionProvider(
            (type, context) -> {
              Class<?> erased = type.getErasedType();
              if (erased == Duration.class) {
                return new CustomDefinition(duration(), true);
              }
              if (erased == UpstreamRef.class) {
                // Complete as it is: no "additionalProperties: false" added around the anyOf.
                return new CustomDefinition(
                    upstream(),
                    CustomDefinition.DefinitionType.INLINE,
                    CustomDefinition.AttributeInclusion.NO);
              }
              if (erased.isEnum()) {
                return new CustomDefinition(enumeration(erased), true);
              }
              return null;
            });
    ObjectNode generated = new SchemaGenerator(config.build()).generateSchema(JobSpec.class);
    ObjectNode properties = (ObjectNode) generated.path("properties");
    properties.remove("firstSchedule"); // JobSpec.schedule(), the list's first: not a field
    oneOrMany((ObjectNode) properties.path("schedule"));
    ObjectNode schema = Json.json().createObjectNode();
    schema.put("$schema", SchemaVersion.DRAFT_2020_12.getIdentifier());
    schema.put("$id", ID);
    schema.put("title", "Hydra job");
    schema.put("description", JobSchemaText.description("JobSpec"));
    schema.setAll(generated);
    return schema;
  }

  /**
   * The {@code schedule} field is read as a list that may be written as its one item: say so, as
   * one object or a non-empty list of them.
   */
  private static void oneOrMany(ObjectNode field) {
    String description = JobSchemaText.description("JobSpec.schedules");
    ObjectNode item = (ObjectNode) field.remove("items");
    ObjectNode many = Json.json().createObjectNode();
    many.put("type", "array");
    many.put("minItems", 1);
    many.set("items", item);
    field.remove("type");
    ArrayNode oneOf = field.putArray("oneOf");
    oneOf.add(item.deepCopy());
    oneOf.add(many);
    field.put("description", description);
  }

  private static boolean field(FieldScope f) {
    return !f.isFakeContainerItemScope();
  }

  /** {@code Type.field}, the key of a field's words in {@link JobSchemaText}. */
  private static String key(FieldScope field) {
    return field.getDeclaringType().getErasedType().getSimpleName() + "." + field.getName();
  }

  /** An enum as the reader takes it and the writer writes it: lower-case names. */
  private static ObjectNode enumeration(Class<?> type) {
    ObjectNode node = Json.json().createObjectNode();
    node.put("type", "string");
    ArrayNode values = node.putArray("enum");
    for (Object constant : type.getEnumConstants()) {
      values.add(((Enum<?>) constant).name().toLowerCase());
    }
    return node;
  }

  private static ObjectNode duration() {
    ObjectNode node = Json.json().createObjectNode();
    node.put("type", "string");
    node.put("pattern", DURATION_PATTERN);
    node.put("format", "duration"); // the field's description says which, e.g. PT30M
    return node;
  }

  /** An entry of {@code after}: a job name (same logical time) or {job, within} (freshness). */
  private static ObjectNode upstream() {
    ObjectNode name = Json.json().createObjectNode();
    name.put("type", "string");
    name.put("pattern", JobSchemaText.NAME_PATTERN);
    name.put("description", "an upstream job whose run for the same logical time must end first");
    ObjectNode fresh = Json.json().createObjectNode();
    fresh.put("type", "object");
    fresh.put(
        "description",
        "a freshness upstream: met by a success of job with logical time in [T - within, T]");
    ObjectNode properties = fresh.putObject("properties");
    ObjectNode job = properties.putObject("job");
    job.put("type", "string");
    job.put("pattern", JobSchemaText.NAME_PATTERN);
    job.put("description", "the upstream job");
    ObjectNode within = properties.putObject("within");
    within.setAll(duration());
    within.put(
        "description",
        "how recent its success must be; a run still waiting at T + within fails (upstream_timeout)");
    fresh.putArray("required").add("job");
    fresh.put("additionalProperties", false);
    ObjectNode node = Json.json().createObjectNode();
    ArrayNode anyOf = node.putArray("anyOf");
    anyOf.add(name);
    anyOf.add(fresh);
    return node;
  }

  /** Every property of {@code node} and below, as JSON pointers (for the test of descriptions). */
  static List<String> properties(JsonNode node, String at) {
    List<String> out = new ArrayList<>();
    node.path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              String here = at + "/properties/" + e.getKey();
              out.add(here);
              out.addAll(properties(e.getValue(), here));
              out.addAll(properties(e.getValue().path("items"), here + "/items"));
            });
    return out;
  }
}
