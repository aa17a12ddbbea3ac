package io.hydra.store;

import io.hydra.store.alert.DeadlineAlerts;
import io.hydra.store.audit.AuditEntries;
import io.hydra.store.auth.ApiTokens;
import io.hydra.store.backfill.Backfills;
import io.hydra.store.calendar.Calendars;
import io.hydra.store.idempotency.IdempotencyKeys;
import io.hydra.store.job.Jobs;
import io.hydra.store.job.Schedules;
import io.hydra.store.job.SyntheticJobs;
import io.hydra.store.lease.LeaderLeases;
import io.hydra.store.notify.Deliveries;
import io.hydra.store.run.Attempts;
import io.hydra.store.run.BackfillRuns;
import io.hydra.store.run.DependencyRuns;
import io.hydra.store.run.PipelineRetries;
import io.hydra.store.run.PipelineRuns;
import io.hydra.store.run.ProblemRuns;
import io.hydra.store.run.RunEventFeed;
import io.hydra.store.run.RunQueue;
import io.hydra.store.run.RunReads;
import io.hydra.store.run.RunSummaries;
import io.hydra.store.run.RunWrites;
import io.hydra.store.setting.Settings;
import org.jdbi.v3.core.Handle;

/** One database transaction, with the tables Hydra works on. */
public final class Tx {

  private final Handle handle;

  Tx(Handle handle) {
    this.handle = handle;
  }

  public Jobs jobs() {
    return new Jobs(handle);
  }

  public Schedules schedules() {
    return new Schedules(handle);
  }

  public RunReads runReads() {
    return new RunReads(handle);
  }

  /** Only the engine's transition applier writes runs ({@link RunWrites}). */
  public RunWrites runWrites() {
    return new RunWrites(handle);
  }

  public RunQueue runQueue() {
    return new RunQueue(handle);
  }

  public DependencyRuns dependencyRuns() {
    return new DependencyRuns(handle);
  }

  public DeadlineAlerts deadlineAlerts() {
    return new DeadlineAlerts(handle);
  }

  public PipelineRuns pipelineRuns() {
    return new PipelineRuns(handle);
  }

  public PipelineRetries pipelineRetries() {
    return new PipelineRetries(handle);
  }

  public ProblemRuns problemRuns() {
    return new ProblemRuns(handle);
  }

  public BackfillRuns backfillRuns() {
    return new BackfillRuns(handle);
  }

  public Attempts attempts() {
    return new Attempts(handle);
  }

  public Backfills backfills() {
    return new Backfills(handle);
  }

  public Settings settings() {
    return new Settings(handle);
  }

  public LeaderLeases leases() {
    return new LeaderLeases(handle);
  }

  public RunSummaries runSummaries() {
    return new RunSummaries(handle);
  }

  public RunEventFeed runEventFeed() {
    return new RunEventFeed(handle);
  }

  public ApiTokens apiTokens() {
    return new ApiTokens(handle);
  }

  public AuditEntries auditEntries() {
    return new AuditEntries(handle);
  }

  public IdempotencyKeys idempotencyKeys() {
    return new IdempotencyKeys(handle);
  }

  public Deliveries deliveries() {
    return new Deliveries(handle);
  }

  /** Only for benchmarks: a made-up catalogue in bulk. */
  public SyntheticJobs syntheticJobs() {
    return new SyntheticJobs(handle);
  }

  public Calendars calendars() {
    return new Calendars(handle);
  }

  public Handle handle() {
    return handle;
  }
}
