package io.hydra.web.ui;

import io.hydra.core.error.ValidationException;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.LogStream;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code /ui/runs/{id}/log}: the end of an attempt's output, re-polled every two seconds while the
 * run is active (the fragment stops polling itself once the run has ended).
 */
public final class LogTail {

  /** More than a screenful; older output is in the full log from the API. */
  static final int TAIL_BYTES = 64 * 1024;

  private final RunService runs;
  private final Lookup lookup;

  LogTail(RunService runs, Lookup lookup) {
    this.runs = runs;
    this.lookup = lookup;
  }

  /** The model of {@code log.jte}. */
  public record Model(
      long runId, int attempt, String stream, String text, boolean truncated, boolean active) {}

  void register(Javalin app) {
    app.get(
        "/ui/runs/{id}/log",
        ctx -> {
          RunService.RunDetail detail = lookup.run(ctx, Lookup.id(ctx, "id"));
          Templates.page(
              ctx, "log.jte", model(detail, attempt(ctx, detail.run().attempts()), stream(ctx)));
        });
  }

  /**
   * @param stream stdout, stderr, or "" for stdout unless only stderr has something
   */
  static Model model(RunService.RunDetail detail, int attempt, String stream, RunService runs) {
    if (stream.isEmpty()) {
      Model out = model(detail, attempt, "stdout", runs);
      Model err = model(detail, attempt, "stderr", runs);
      return out.text().isBlank() && !err.text().isBlank() ? err : out;
    }
    boolean active = !detail.run().state().isTerminal();
    if (attempt == 0) {
      return new Model(detail.run().id(), 0, stream, "", false, active);
    }
    Optional<InputStream> log =
        runs.log(
            detail.run().id(),
            attempt,
            stream.equals("stderr") ? LogStream.STDERR : LogStream.STDOUT);
    byte[] tail = log.map(LogTail::tail).orElse(new byte[0]);
    boolean truncated = tail.length > TAIL_BYTES;
    String text =
        new String(
            truncated ? Arrays.copyOfRange(tail, tail.length - TAIL_BYTES, tail.length) : tail,
            StandardCharsets.UTF_8);
    return new Model(detail.run().id(), attempt, stream, text, truncated, active);
  }

  private Model model(RunService.RunDetail detail, int attempt, String stream) {
    return model(detail, attempt, stream, runs);
  }

  /** The last TAIL_BYTES (+1, to tell that something was cut) without holding the whole log. */
  private static byte[] tail(InputStream in) {
    byte[] ring = new byte[TAIL_BYTES + 1];
    long total = 0;
    try (in) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          ring[(int) (total++ % ring.length)] = buffer[i];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log", e);
    }
    if (total <= ring.length) {
      return Arrays.copyOf(ring, (int) total);
    }
    int start = (int) (total % ring.length);
    byte[] out = new byte[ring.length];
    System.arraycopy(ring, start, out, 0, ring.length - start);
    System.arraycopy(ring, 0, out, ring.length - start, start);
    return out;
  }

  /** The attempt asked for, or the latest; 0 when the run has none yet. */
  static int attempt(Context ctx, int attempts) {
    String value = ctx.queryParam("attempt");
    if (value == null || value.isBlank()) {
      return attempts;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= attempts) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ValidationException.of(
        "attempt", "must be an attempt of this run, 1 to " + attempts + ", not '" + value + "'");
  }

  private static String stream(Context ctx) {
    String value = ctx.queryParam("stream");
    if (value == null || value.isBlank()) {
      return "";
    }
    if (value.equals("stdout")) {
      return "stdout";
    }
    if (value.equals("stderr")) {
      return "stderr";
    }
    throw ValidationException.of("stream", "must be stdout or stderr, not '" + value + "'");
  }
}
