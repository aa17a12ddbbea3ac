package io.hydra.web.ui;

import io.hydra.scheduler.engine.BackfillService;
import io.hydra.store.backfill.Backfill;
import io.javalin.Javalin;
import java.util.Map;
import java.util.TreeMap;

/** {@code /ui/backfills/{id}}: a backfill's progress, polled while it runs. */
public final class BackfillProgress {

  private final BackfillService backfills;
  private final Lookup lookup;
  private final boolean tokens;

  BackfillProgress(BackfillService backfills, Lookup lookup, boolean tokens) {
    this.backfills = backfills;
    this.lookup = lookup;
    this.tokens = tokens;
  }

  /** The model of {@code backfill.jte}. {@code done} counts runs that ended. */
  public record Model(
      Backfill backfill, Map<String, Integer> runs, int done, int percent, Viewer viewer) {}

  void register(Javalin app) {
    app.get(
        "/ui/backfills/{id}",
        ctx -> {
          BackfillService.Progress p = backfills.get(Lookup.id(ctx, "id"));
          lookup.job(ctx, p.backfill().job());
          Map<String, Integer> byState = new TreeMap<>(p.runs());
          int done =
              byState.entrySet().stream()
                  .filter(e -> !e.getKey().matches("waiting|queued|running|retrying"))
                  .mapToInt(Map.Entry::getValue)
                  .sum();
          int total = Math.max(1, p.backfill().total() - p.backfill().existing());
          Templates.page(
              ctx,
              "backfill.jte",
              new Model(
                  p.backfill(),
                  byState,
                  done,
                  Math.min(100, done * 100 / total),
                  Viewer.of(ctx, tokens)));
        });
  }
}
