package io.hydra.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.JobValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published job schema: equal to the checked-in {@code schemas/job.schema.json} (regenerate
 * with {@code -Dhydra.schema.write=true}), described field by field, and in agreement with the
 * reader and the validator: every sample job passes both, and each bad example fails both.
 */
class JobSchemaTest {

  private static final Path CHECKED_IN = Path.of("..", "schemas", "job.schema.json");
  private static final Path SAMPLES = Path.of("..", "sample-jobs");

  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JobSchema.get());

  @Test
  void theCheckedInFileIsWhatTheCodeGenerates() throws IOException {
    if (Boolean.getBoolean("hydra.schema.write")) {
      Files.writeString(CHECKED_IN, JobSchema.text(), StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as("schemas/job.schema.json is stale: run JobSchemaTest with -Dhydra.schema.write=true")
        .isEqualTo(JobSchema.text());
  }

  @Test
  void everyFieldIsDescribed() {
    JsonNode schema = JobSchema.get();
    List<String> fields = JobSchema.properties(schema, "");
    schema
        .path("$defs")
        .fields()
        .forEachRemaining(
            d -> fields.addAll(JobSchema.properties(d.getValue(), "/$defs/" + d.getKey())));
    assertThat(fields).hasSizeGreaterThan(30);
    for (String field : fields) {
      assertThat(schema.at(field).path("description").asText())
          .as("description of %s", field)
          .isNotBlank();
    }
  }

  @Test
  void everySampleJobIsValidByTheSchemaAndTheValidator() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      for (Path file : yaml) {
        String text = Files.readString(file);
        assertThat(text).startsWith("# yaml-language-server: $schema=../schemas/job.schema.json");
        JsonNode tree = Json.yaml().readTree(text);
        assertThat(SCHEMA.validate(tree)).as(file.toString()).isEmpty();
        assertThat(JobValidator.validate(JobSpecReader.fromTree(tree).normalized()))
            .as(file.toString())
            .isEmpty();
      }
    }
  }

  /** Jobs the reader or the validator refuses; the schema must refuse each as well. */
  private static final List<String> BAD =
      List.of(
          "{\"task\":{\"command\":\"true\"}}",
          "{\"name\":\"Bad Name\",\"task\":{\"command\":\"true\"}}",
          "{\"name\":\"x\"}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"colour\":\"red\"}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\",\"cmd\":\"y\"}}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"timeout\":123}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"timeout\":\"30 minutes\"}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"concurrency\":\"sometimes\"}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"after\":[null]}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"after\":[{\"within\":\"PT1H\"}]}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"retries\":{\"max\":-1}}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"schedule\":{\"timezone\":\"UTC\"}}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},"
              + "\"schedule\":[{\"cron\":\"@daily\"},{\"timezone\":\"UTC\"}]}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"firstSchedule\":{\"cron\":\"@daily\"}}",
          "{\"name\":\"x\",\"task\":{\"command\":\"true\"},\"trigger\":\"any\"}");

  @Test
  void whatTheValidatorRefusesTheSchemaRefuses() throws IOException {
    for (String bad : BAD) {
      JsonNode tree = Json.json().readTree(bad);
      Set<ValidationMessage> schemaErrors = SCHEMA.validate(tree);
      assertThat(schemaErrors).as("the schema refuses %s", bad).isNotEmpty();
      assertThat(refusedByHydra(tree)).as("Hydra refuses %s", bad).isTrue();
    }
  }

  private static boolean refusedByHydra(JsonNode tree) {
    try {
      return !JobValidator.validate(JobSpecReader.fromTree(tree)).isEmpty();
    } catch (ValidationException e) {
      return true; // the reader refused it
    }
  }
}
