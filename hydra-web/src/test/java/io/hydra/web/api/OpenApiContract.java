package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.hydra.store.json.JobSchema;
import io.hydra.store.json.Json;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * openapi.yaml's schemas as JSON Schema 2020-12, to check real answers against. OpenAPI 3.0 schemas
 * are nearly JSON Schema; what differs is converted here: {@code #/components/schemas/X} refs point
 * into {@code $defs}, {@code nullable} becomes a type union with null, and the job file's schema
 * ({@code schemas/job.json}) is the one the code generates, so the document cannot drift from it.
 */
public final class OpenApiContract {

  static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
  private static final String COMPONENTS = "#/components/schemas/";
  private static final String RESPONSES = "#/components/responses/";
  private static final String REQUEST_BODIES = "#/components/requestBodies/";
  private static final String JOB_FILE = "schemas/job.json";
  private static final String JOB_FILE_DEF = "JobFile";

  /** The OpenAPI 3.0 schema keywords this document uses; any other key is a mistake. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "enum",
          "format",
          "description",
          "$ref",
          "nullable",
          "minimum",
          "maximum",
          "default",
          "pattern",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "allOf",
          "anyOf",
          "oneOf",
          "title");

  /** Keywords whose value is data, not a schema. */
  private static final Set<String> VALUES = Set.of("enum", "default", "required");

  private final JsonNode spec;
  private final ObjectNode defs = Json.json().createObjectNode();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  public OpenApiContract(JsonNode spec) {
    this.spec = spec;
    ObjectNode job = JobSchema.get().deepCopy();
    job.remove("$defs").fields().forEachRemaining(d -> defs.set(d.getKey(), d.getValue()));
    job.remove(Set.of("$schema", "$id"));
    defs.set(JOB_FILE_DEF, job);
    spec.at("/components/schemas")
        .fields()
        .forEachRemaining(
            s -> {
              // A name in both would make one silently replace the other.
              assertThat(defs.has(s.getKey())).as("$defs name clash: " + s.getKey()).isFalse();
              defs.set(s.getKey(), convert(s.getValue()));
            });
  }

  /** Every documented operation, as {@code GET /api/v1/runs/{id}}. */
  public Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    spec.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return operations;
  }

  public JsonNode operation(String operation) {
    String[] parts = operation.split(" ", 2);
    return spec.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
  }

  /** The documented path template a concrete path is an instance of. */
  public String template(String method, String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String found = null;
    for (Iterator<String> it = spec.get("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String regex = template.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+");
      // A literal segment beats a parameter where both match.
      if (bare.matches(regex) && (found == null || braces(template) < braces(found))) {
        found = template;
      }
    }
    assertThat(found).as("no documented path matches " + method + " " + path).isNotNull();
    return found;
  }

  private static long braces(String template) {
    return template.chars().filter(c -> c == '{').count();
  }

  /**
   * The documented response for a status: its own entry, else {@code default} for an error; a
   * status the operation does not document fails.
   */
  JsonNode response(String operation, int status) {
    JsonNode op = operation(operation);
    assertThat(op.isObject()).as("undocumented operation " + operation).isTrue();
    JsonNode response = op.path("responses").get(Integer.toString(status));
    if (response == null && status >= 400) {
      response = op.path("responses").get("default");
    }
    assertThat(response).as("status " + status + " is not documented for " + operation).isNotNull();
    if (response.has("$ref")) {
      String ref = response.get("$ref").asText();
      assertThat(ref).startsWith(RESPONSES);
      response = spec.at("/components/responses/" + ref.substring(RESPONSES.length()));
    }
    return response;
  }

  /**
   * Checks an answer against the document: the status is documented, the content type is one it
   * lists (none for a body-less answer), and a JSON body matches the schema.
   */
  void check(String operation, int status, String contentType, String body) {
    JsonNode response = response(operation, status);
    JsonNode content = response.get("content");
    String what = operation + " -> " + status;
    if (content == null) {
      assertThat(body).as(what + " documents no body").isEmpty();
      return;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].strip();
    JsonNode media = content.get(type);
    assertThat(media).as(what + ": content type '" + contentType + "' not documented").isNotNull();
    if (type.endsWith("json")) {
      assertThat(media.has("schema")).as(what + " documents no schema for " + type).isTrue();
      validate(what, media.get("schema"), read(body));
    }
  }

  /**
   * Checks a request the server accepted against the documented request body, so the document does
   * not refuse what the server takes: the operation documents a body of that content type.
   */
  public void checkRequest(String operation, String contentType, String body) {
    JsonNode requestBody = operation(operation).path("requestBody");
    if (requestBody.has("$ref")) {
      String ref = requestBody.get("$ref").asText();
      assertThat(ref).startsWith(REQUEST_BODIES);
      requestBody = spec.at("/components/requestBodies/" + ref.substring(REQUEST_BODIES.length()));
    }
    String what = operation + " request";
    JsonNode media = requestBody.path("content").path(contentType);
    assertThat(media.has("schema")).as(what + ": no schema for " + contentType).isTrue();
    try {
      JsonNode value =
          contentType.contains("yaml") ? Json.yaml().readTree(body) : Json.json().readTree(body);
      validate(what, media.get("schema"), value);
    } catch (java.io.IOException e) {
      throw new AssertionError(what + " is not " + contentType + ": " + body, e);
    }
  }

  /** Fails with every violation when the value does not match the (OpenAPI) schema. */
  void validate(String what, JsonNode openApiSchema, JsonNode value) {
    JsonSchema schema =
        schemas.computeIfAbsent(
            openApiSchema.toString(),
            key -> {
              ObjectNode root = Json.json().createObjectNode();
              root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
              root.setAll((ObjectNode) convert(openApiSchema));
              root.set("$defs", defs);
              return factory.getSchema(root);
            });
    Set<ValidationMessage> errors = schema.validate(value);
    assertThat(errors).as(what + " does not match its schema: " + value).isEmpty();
  }

  static JsonNode read(String body) {
    try {
      return Json.json().readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** An OpenAPI 3.0 schema as JSON Schema 2020-12. */
  private static JsonNode convert(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = Json.json().createArrayNode();
      node.forEach(item -> out.add(convert(item)));
      return out;
    }
    if (!node.isObject()) {
      return node.deepCopy();
    }
    ObjectNode out = Json.json().createObjectNode();
    node.fields()
        .forEachRemaining(
            field -> {
              String key = field.getKey();
              JsonNode value = field.getValue();
              if (key.startsWith("x-")) {
                return;
              }
              // A stray key is most often a YAML slip (an unquoted comma in a flow mapping
              // splits a description), which would otherwise pass as an ignored keyword.
              assertThat(KEYWORDS).as("schema keyword").contains(key);
              if (key.equals("$ref")) {
                out.put(key, ref(value.asText()));
              } else if (key.equals("nullable")) {
                assertThat(value.isBoolean()).as("nullable is true or false").isTrue();
              } else if (key.equals("properties")) {
                // Property names are not keywords: a property called "nullable" stays.
                ObjectNode properties = out.putObject(key);
                value
                    .fields()
                    .forEachRemaining(p -> properties.set(p.getKey(), convert(p.getValue())));
              } else if (VALUES.contains(key)) {
                out.set(key, value.deepCopy());
              } else {
                out.set(key, convert(value));
              }
            });
    if (node.path("nullable").asBoolean(false)) {
      allowNull(out);
    }
    return out;
  }

  private static void allowNull(ObjectNode schema) {
    if (schema.has("type")) {
      schema.set("type", Json.json().createArrayNode().add(schema.get("type")).add("null"));
    }
    if (schema.has("enum")) {
      ((ArrayNode) schema.get("enum")).addNull();
    }
  }

  private static String ref(String ref) {
    if (ref.equals(JOB_FILE)) {
      return "#/$defs/" + JOB_FILE_DEF;
    }
    assertThat(ref).as("a ref the conversion knows").startsWith(COMPONENTS);
    return "#/$defs/" + ref.substring(COMPONENTS.length());
  }
}
