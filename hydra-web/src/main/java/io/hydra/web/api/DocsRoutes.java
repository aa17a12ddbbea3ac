package io.hydra.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.JobSchema;
import io.hydra.store.json.Json;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's own description: {@code openapi.json} (kept by hand as YAML next to this class, and
 * checked against the registered routes by a test), a page that renders it without any script from
 * elsewhere, and the job file's JSON Schema ({@link JobSchema}), which it refers to.
 */
final class DocsRoutes {

  static final String SPEC = "openapi.yaml";
  private static final String PAGE = "docs.html";

  private final String specJson;
  private final String page;

  DocsRoutes() {
    this.specJson = Json.write(spec());
    this.page = resource(PAGE);
  }

  /** The description as a JSON tree. */
  static JsonNode spec() {
    try {
      return Json.yaml().readTree(resource(SPEC));
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled " + SPEC + " is not valid YAML", e);
    }
  }

  void register(Javalin app) {
    app.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(specJson));
    app.get("/api/v1/docs", ctx -> ctx.html(page));
    app.get(
        "/api/v1/schemas/job.json",
        ctx -> ctx.contentType("application/schema+json").result(JobSchema.text()));
  }

  private static String resource(String name) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
