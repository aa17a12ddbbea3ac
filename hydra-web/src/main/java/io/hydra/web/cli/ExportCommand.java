package io.hydra.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.json.Json;
import io.hydra.web.cli.jobs.CliException;
import io.hydra.web.cli.jobs.ExportedSpec;
import io.hydra.web.cli.jobs.ServerClient;
import io.hydra.web.cli.jobs.ServerErrors;
import io.hydra.web.cli.jobs.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hydra export}: writes every job on the server as a YAML file that applies back as is, and
 * every calendar (which jobs may name) under {@code calendars/}.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Write every job on the server as a YAML file.",
      "Writes DIR/<name>.yaml per job, leaving out fields that hold their default, and "
          + "DIR/calendars/<name>.yaml per calendar; "
          + "'hydra plan -f DIR' against the same server then reports no change.",
      "Exit 0 when written, 1 on error."
    })
final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Directory to write to (created if missing; files of the same name are " + "replaced).")
  Path out;

  @Mixin ServerOptions server;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerClient.Response response = server.client().get("/api/v1/jobs");
    if (!response.ok()) {
      ServerErrors.print(response, List.of(), err);
      err.flush();
      return 1;
    }
    Files.createDirectories(out);
    Set<Path> written = new HashSet<>();
    for (JsonNode item : response.body().path("items")) {
      String name = item.path("name").asText();
      // The name becomes a file name: never let a server answer write outside DIR.
      if (!JobValidator.NAME.matcher(name).matches()) {
        throw new CliException("the server sent a job named '" + name + "'; not writing it");
      }
      Path file = out.resolve(name + ".yaml");
      try {
        Files.writeString(file, ExportedSpec.yaml(item.path("spec")));
      } catch (ValidationException e) {
        throw new CliException(
            "job '"
                + name
                + "' from the server cannot be read by this "
                + "version of hydra: "
                + e.getMessage(),
            e);
      }
      written.add(file);
    }
    warnAboutOthers(written, err);
    int calendars = exportCalendars();
    stdout.println(
        "Exported "
            + written.size()
            + " jobs"
            + (calendars == 0 ? "" : " and " + calendars + " calendars")
            + " to "
            + out
            + ".");
    stdout.flush();
    err.flush();
    return 0;
  }

  /** Writes each calendar as a file of its own, as {@code hydra apply} reads it back. */
  private int exportCalendars() throws IOException {
    ServerClient.Response response = server.client().get("/api/v1/calendars");
    if (!response.ok()) {
      throw new CliException("cannot read the calendars: HTTP " + response.status());
    }
    int count = 0;
    for (JsonNode item : response.body().path("items")) {
      String name = item.path("name").asText();
      if (!JobValidator.NAME.matcher(name).matches()) {
        throw new CliException("the server sent a calendar named '" + name + "'; not writing it");
      }
      ObjectNode file = Json.json().createObjectNode().put("kind", "calendar").put("name", name);
      if (item.hasNonNull("description")) {
        file.put("description", item.get("description").asText());
      }
      file.set("dates", item.path("dates"));
      Path dir = Files.createDirectories(out.resolve("calendars"));
      Files.writeString(dir.resolve(name + ".yaml"), Json.yaml().writeValueAsString(file));
      count++;
    }
    return count;
  }

  /** Left-over files would be applied with the export; say so rather than delete them. */
  private void warnAboutOthers(Set<Path> written, PrintWriter err) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
          .filter(f -> !written.contains(f))
          .sorted()
          .forEach(
              f ->
                  err.println(
                      "note: "
                          + f
                          + " is not a job on the server; it was left "
                          + "in place and would be applied with this directory"));
    }
  }
}
