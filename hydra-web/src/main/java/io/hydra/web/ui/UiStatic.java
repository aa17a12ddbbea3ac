package io.hydra.web.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/** The UI's own CSS and script ({@code /static}) and htmx from its WebJar ({@code /webjars}). */
public final class UiStatic {

  /** Kept in one place so the layout and the pom agree on the WebJar's path. */
  public static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";

  private UiStatic() {}

  public static void configure(JavalinConfig config) {
    config.staticFiles.enableWebjars();
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/static";
          files.directory = "/hydra-ui";
          files.location = Location.CLASSPATH;
        });
  }
}
