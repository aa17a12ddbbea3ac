package io.hydra.web.ui;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.CalendarService;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.Store;
import io.hydra.web.auth.Tokens;
import io.javalin.Javalin;

/**
 * The web UI, served by the API's server at {@code /}: server-rendered pages and fragments that
 * read through the same services as the API. Every change the UI makes is a call to the REST API
 * from the page (same auth, audit and validation); the UI's own posts only check drafts.
 */
public final class Ui {

  private final JobService jobs;
  private final RunService runs;
  private final BackfillService backfills;
  private final Store store;
  private final Clock clock;
  private final Tokens tokens;
  private final boolean tokensRequired;

  public Ui(
      JobService jobs,
      RunService runs,
      BackfillService backfills,
      Store store,
      Clock clock,
      Tokens tokens,
      boolean tokensRequired) {
    this.jobs = jobs;
    this.runs = runs;
    this.backfills = backfills;
    this.store = store;
    this.clock = clock;
    this.tokens = tokens;
    this.tokensRequired = tokensRequired;
  }

  /** Whether a route is the UI's (pages, fragments, sign-in) rather than the API's. */
  public static boolean owns(String path) {
    return !path.startsWith("/api/") && !path.equals("/metrics");
  }

  public void register(Javalin app) {
    LatestRuns latest = new LatestRuns(store);
    new SignIn(tokens, tokensRequired).register(app);
    Lookup lookup = new Lookup(jobs, runs);
    new JobsPage(jobs, store, latest, tokensRequired).register(app);
    new JobPage(jobs, runs, lookup, clock, tokensRequired).register(app);
    new BackfillProgress(backfills, lookup, tokensRequired).register(app);
    new RunPage(jobs, runs, lookup, tokensRequired).register(app);
    new PipelinePage(runs, lookup, tokensRequired).register(app);
    new AttentionPage(runs, tokensRequired).register(app);
    new LogTail(runs, lookup).register(app);
    new EditorPage(lookup, new DraftCheck(jobs), clock, tokensRequired).register(app);
    new GraphPage(jobs, latest, tokensRequired).register(app);
    new GridPage(jobs, runs, clock, tokensRequired).register(app);
    new CalendarsPage(new CalendarService(jobs), jobs, tokensRequired).register(app);
  }
}
