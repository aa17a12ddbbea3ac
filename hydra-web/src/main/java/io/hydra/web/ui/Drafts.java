package io.hydra.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.FieldError;
import io.hydra.store.json.Json;
import io.javalin.http.Context;
import java.util.List;

/**
 * A draft posted by the editor: the form, or the YAML text, plus the name of the job being edited
 * ("" for a new one). Turns either into the tree of the job as written.
 */
record Drafts(String mode, String original, DraftForm form, String yaml) {

  static Drafts of(Context ctx) {
    String mode = "yaml".equals(ctx.formParam("mode")) ? "yaml" : "form";
    String original = ctx.formParam("original") == null ? "" : ctx.formParam("original");
    String yaml = ctx.formParam("yaml") == null ? "" : ctx.formParam("yaml");
    return new Drafts(mode, original, DraftForm.of(ctx), yaml);
  }

  ObjectNode tree(List<FieldError> errors) {
    return mode.equals("yaml") ? parseYaml(yaml, "yaml", errors) : form.toTree(errors);
  }

  /** YAML text as an object; a syntax error is a field error on {@code field}, not a 500. */
  static ObjectNode parseYaml(String text, String field, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return Json.json().createObjectNode();
    }
    try {
      JsonNode tree = Json.yaml().readTree(text);
      if (tree instanceof ObjectNode object) {
        return object;
      }
      errors.add(new FieldError(field, "expected a mapping of job fields (name: ..., task: ...)"));
    } catch (JsonProcessingException e) {
      errors.add(
          new FieldError(
              field,
              "not YAML: "
                  + e.getOriginalMessage()
                  + (e.getLocation() == null
                      ? ""
                      : " (line " + e.getLocation().getLineNr() + ")")));
    }
    return Json.json().createObjectNode();
  }

  static String toYaml(JsonNode tree) {
    try {
      String text = Json.yaml().writeValueAsString(tree);
      return text.startsWith("---\n") ? text.substring(4) : text;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot be written as YAML", e);
    }
  }
}
