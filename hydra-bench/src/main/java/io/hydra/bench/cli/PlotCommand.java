package io.hydra.bench.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hydra.bench.Plot;
import io.hydra.bench.Result;
import io.hydra.core.error.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hydra plot}: draws the growth plot from results a bench wrote earlier ({@code bench --out
 * FILE.json}), the same SVG as {@code bench --plot}, without running anything again.
 */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Draw starts/s, commits per run and heap against N from a bench's JSON, as SVG.")
public final class PlotCommand implements Callable<Integer> {

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE.json",
      description = "Results written by bench --out.")
  Path from;

  @Option(names = "--plot", required = true, paramLabel = "FILE.svg", description = "The plot.")
  Path plot;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Files.writeString(plot, Plot.svg(read(from)));
    spec.commandLine().getOut().println("wrote " + plot);
    return 0;
  }

  /** The results of a bench's JSON; a file that is not one is named as bad input. */
  static List<Result> read(Path file) {
    JsonNode results;
    ObjectMapper json =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      results = json.readTree(file.toFile()).path("results");
    } catch (IOException e) {
      throw ValidationException.of("--from", "cannot read " + file + " as JSON: " + e.getMessage());
    }
    if (!results.isArray() || results.isEmpty()) {
      throw ValidationException.of("--from", file + " has no results (written by bench --out?)");
    }
    List<Result> out = new ArrayList<>();
    for (JsonNode r : results) {
      try {
        out.add(json.treeToValue(r, Result.class));
      } catch (IOException e) {
        throw ValidationException.of("--from", "not a bench result in " + file + ": " + r);
      }
    }
    return out;
  }
}
