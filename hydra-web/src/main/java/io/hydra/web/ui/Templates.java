package io.hydra.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the precompiled templates of {@code src/main/jte} (compiled by jte-maven-plugin at build
 * time, so the runnable jar needs no Java compiler at run time). HTML output escapes every value by
 * default.
 */
final class Templates {

  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Templates() {}

  static String render(String template, Object model) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, model, out);
    return out.toString();
  }

  static void page(Context ctx, String template, Object model) {
    ctx.contentType("text/html; charset=utf-8").result(render(template, model));
  }
}
