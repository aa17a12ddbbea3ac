package io.hydra.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.FieldError;
import io.hydra.store.json.Json;
import io.javalin.http.Context;
import java.util.List;

/**
 * The editor's form: the fields most jobs need, as text. Everything else a job may hold (container,
 * resources, notify, ...) rides along unchanged in {@code base}, the YAML the form started from, so
 * editing in the form never drops what it does not show.
 */
public record DraftForm(
    String name,
    String owner,
    String description,
    String labels,
    String cron,
    String timezone,
    String dialect,
    String catchup,
    String startingDeadline,
    String after,
    String trigger,
    String concurrency,
    String retriesMax,
    String retriesDelay,
    String timeout,
    boolean paused,
    String command,
    String env,
    String base) {

  static DraftForm of(Context ctx) {
    return new DraftForm(
        p(ctx, "name"),
        p(ctx, "owner"),
        p(ctx, "description"),
        p(ctx, "labels"),
        p(ctx, "cron"),
        p(ctx, "timezone"),
        p(ctx, "dialect"),
        p(ctx, "catchup"),
        p(ctx, "startingDeadline"),
        p(ctx, "after"),
        p(ctx, "trigger"),
        p(ctx, "concurrency"),
        p(ctx, "retriesMax"),
        p(ctx, "retriesDelay"),
        p(ctx, "timeout"),
        "true".equals(ctx.formParam("paused")),
        p(ctx, "command"),
        p(ctx, "env"),
        p(ctx, "base"));
  }

  private static String p(Context ctx, String name) {
    String value = ctx.formParam(name);
    return value == null ? "" : value;
  }

  /** The form showing {@code tree} (a job as written), keeping it whole as the base. */
  static DraftForm of(ObjectNode tree, String yaml) {
    // With several schedules the form shows the first; the others are kept as the base has them.
    JsonNode s =
        tree.path("schedule").isArray() ? tree.path("schedule").path(0) : tree.path("schedule");
    JsonNode r = tree.path("retries");
    JsonNode t = tree.path("task");
    return new DraftForm(
        text(tree, "name"),
        text(tree, "owner"),
        text(tree, "description"),
        lines(tree.path("labels")),
        text(s, "cron"),
        text(s, "timezone"),
        text(s, "dialect"),
        text(s, "catchup"),
        text(s, "startingDeadline"),
        upstreams(tree.path("after")),
        text(tree, "trigger"),
        text(tree, "concurrency"),
        text(r, "max"),
        text(r, "delay"),
        text(tree, "timeout"),
        tree.path("paused").asBoolean(false),
        text(t, "command"),
        lines(t.path("env")),
        yaml);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() ? value.asText() : "";
  }

  private static String lines(JsonNode map) {
    StringBuilder out = new StringBuilder();
    map.fields()
        .forEachRemaining(
            e -> out.append(e.getKey()).append('=').append(e.getValue().asText()).append('\n'));
    return out.toString();
  }

  private static String upstreams(JsonNode after) {
    StringBuilder out = new StringBuilder();
    for (JsonNode up : after) {
      out.append(
              up.isTextual()
                  ? up.asText()
                  : up.path("job").asText()
                      + (up.has("within") ? " within " + up.path("within").asText() : ""))
          .append('\n');
    }
    return out.toString();
  }

  /** The job as a tree: the base with the form's fields written over it. */
  ObjectNode toTree(List<FieldError> errors) {
    ObjectNode tree = Drafts.parseYaml(base, "base", errors);
    put(tree, "name", name);
    put(tree, "owner", owner);
    put(tree, "description", description);
    map(tree, "labels", labels, "labels", errors);
    schedule(tree);
    after(tree);
    put(tree, "trigger", trigger);
    put(tree, "concurrency", concurrency);
    retries(tree, errors);
    put(tree, "timeout", timeout);
    if (paused || tree.has("paused")) {
      tree.put("paused", paused);
    }
    task(tree, errors);
    return tree;
  }

  private void schedule(ObjectNode tree) {
    if (tree.get("schedule") instanceof ArrayNode several && !several.isEmpty()) {
      firstOfSeveral(tree, several);
      return;
    }
    if (cron.isBlank()) {
      tree.remove("schedule");
      return;
    }
    ObjectNode s = object(tree, "schedule");
    fill(s);
  }

  /**
   * The form edits the first of several schedules: a blank cron removes that one only, and the
   * others (which the form does not show) stay as the base has them.
   */
  private void firstOfSeveral(ObjectNode tree, ArrayNode several) {
    if (cron.isBlank()) {
      several.remove(0);
      if (several.isEmpty()) {
        tree.remove("schedule");
      }
      return;
    }
    if (!(several.get(0) instanceof ObjectNode)) {
      several.set(0, Json.json().createObjectNode());
    }
    fill((ObjectNode) several.get(0));
  }

  private void fill(ObjectNode s) {
    put(s, "cron", cron);
    put(s, "timezone", timezone);
    put(s, "dialect", dialect);
    put(s, "catchup", catchup);
    put(s, "startingDeadline", startingDeadline);
  }

  private void after(ObjectNode tree) {
    ArrayNode ups = Json.json().createArrayNode();
    for (String line : after.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3 && words[1].equals("within")) {
        ups.addObject().put("job", words[0]).put("within", words[2]);
      } else if (!line.isBlank()) {
        ups.add(line.strip());
      }
    }
    if (ups.isEmpty()) {
      tree.remove("after");
    } else {
      tree.set("after", ups);
    }
  }

  private void retries(ObjectNode tree, List<FieldError> errors) {
    if (retriesMax.isBlank() && retriesDelay.isBlank()) {
      tree.remove("retries");
      return;
    }
    ObjectNode r = object(tree, "retries");
    if (!retriesMax.isBlank()) {
      try {
        r.put("max", Integer.parseInt(retriesMax.strip()));
      } catch (NumberFormatException e) {
        errors.add(new FieldError("retries.max", "expected an integer, not '" + retriesMax + "'"));
      }
    } else {
      r.remove("max");
    }
    put(r, "delay", retriesDelay);
  }

  private void task(ObjectNode tree, List<FieldError> errors) {
    ObjectNode t = object(tree, "task");
    if (!command.isBlank()) {
      t.remove("args");
    }
    put(t, "command", command);
    map(t, "env", env, "task.env", errors);
    if (t.isEmpty()) {
      tree.remove("task");
    }
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode existing ? existing : parent.putObject(field);
  }

  private static void put(ObjectNode node, String field, String value) {
    if (value == null || value.isBlank()) {
      node.remove(field);
    } else {
      node.put(field, value.strip());
    }
  }

  /** "key=value" lines into an object; a line without '=' is an error on {@code field}. */
  private static void map(
      ObjectNode node, String key, String text, String field, List<FieldError> errors) {
    ObjectNode out = Json.json().createObjectNode();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        errors.add(new FieldError(field, "lines look like key=value, not '" + line.strip() + "'"));
        continue;
      }
      out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    if (out.isEmpty()) {
      node.remove(key);
    } else {
      node.set(key, out);
    }
  }
}
