package io.hydra.web.metrics;

import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.engine.PassTimes;
import io.hydra.scheduler.launch.mesos.OfferCounts;
import io.hydra.scheduler.pipeline.DeadlineWatch;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.web.events.RunChange;
import io.hydra.web.events.RunChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.LoggerFactory;

/**
 * Hydra's Prometheus metrics: schedule delay (fire time to launch) and attempts from the stream of
 * run changes, runs by state and queue length from the database, the engine loop's passes, the
 * connection pool, the JVM, Mesos offers; HTTP latency is added by {@link HttpMetrics}, launcher
 * counters by {@link MeteredLauncher}.
 */
public final class HydraMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Timer scheduleDelay;
  private final Counter attempts;
  private AutoCloseable subscription = () -> {};

  public HydraMetrics(Database database, Store store) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    database.reportPoolTo(registry);
    RunCounts counts = new RunCounts(store, Duration.ofSeconds(5));
    for (RunState state : RunState.values()) {
      Gauge.builder("hydra.runs", counts, c -> c.count(state.wireName()))
          .description("Runs by state, all time")
          .tag("state", state.wireName())
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder("hydra.queue.length", counts, c -> c.count("queued"))
        .description("Runs ready to start, waiting for capacity or concurrency")
        .strongReference(true)
        .register(registry);
    scheduleDelay =
        Timer.builder("hydra.schedule.delay")
            .description("From a scheduled fire time to the launch of its first attempt")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    attempts =
        Counter.builder("hydra.attempts.started")
            .description("Attempts started (first tries and retries)")
            .register(registry);
  }

  /** Fills the schedule delay, attempts and ended-runs series from the stream of run changes. */
  public void observe(RunChanges changes) {
    subscription = changes.subscribe(this::observe);
  }

  /** How long the engine loop's passes take (a long one holds up fires, timers and dispatch). */
  public void observe(PassTimes passes) {
    FunctionTimer.builder(
            "hydra.engine.passes",
            passes,
            PassTimes::count,
            PassTimes::totalNanos,
            TimeUnit.NANOSECONDS)
        .description("Passes of the engine loop (fires, dispatch, housekeeping) and their time")
        .register(registry);
    TimeGauge.builder(
            "hydra.engine.pass.longest", passes, TimeUnit.NANOSECONDS, PassTimes::longestNanos)
        .description("The longest pass of the engine loop since the start")
        .register(registry);
  }

  /** What the Mesos launcher does with its offers. */
  /** Deadline alerts this instance raised (it raises them while it leads). */
  public void observe(DeadlineWatch deadlines) {
    for (String kind : List.of(DeadlineAlert.AT_RISK, DeadlineAlert.MISSED)) {
      FunctionCounter.builder("hydra.deadline.alerts", deadlines, d -> d.raised(kind))
          .tag("kind", kind)
          .description("Deadline alerts raised: at_risk (predicted late) and deadline_missed")
          .register(registry);
    }
  }

  public void observe(OfferCounts offers) {
    offerCounter(
        "received", "Offers received from the Mesos master", offers, OfferCounts::received);
    offerCounter(
        "accepted", "Offers accepted to launch queued tasks", offers, OfferCounts::accepted);
    offerCounter(
        "declined", "Offers declined (nothing queued fits them)", offers, OfferCounts::declined);
    offerCounter("rescinded", "Offers the master withdrew", offers, OfferCounts::rescinded);
    offerCounter(
        "inverse_declined",
        "Inverse (maintenance) offers declined",
        offers,
        OfferCounts::inverseDeclined);
  }

  private void offerCounter(
      String outcome, String description, OfferCounts offers, ToDoubleFunction<OfferCounts> value) {
    FunctionCounter.builder("hydra.mesos.offers", offers, value)
        .tag("outcome", outcome)
        .description(description)
        .register(registry);
  }

  private void observe(RunChange change) {
    if (ReasonKind.PIPELINE_RETRY.wireName().equals(change.reasonKind())) {
      registry.counter("hydra.pipeline.retried.runs").increment();
    }
    if (!"running".equals(change.state())) {
      if (change.terminal()) {
        registry.counter("hydra.runs.ended", "state", change.state()).increment();
      }
      return;
    }
    if (ReasonKind.ATTEMPT_RUNNING.wireName().equals(change.reasonKind())) {
      return; // the started attempt now runs: the run's reason changed, no attempt started
    }
    attempts.increment();
    if ("schedule".equals(change.cause()) && Integer.valueOf(1).equals(change.attempt())) {
      Duration delay = Duration.between(change.logicalTime(), change.at());
      scheduleDelay.record(delay.isNegative() ? Duration.ZERO : delay);
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      subscription.close();
      gc.close();
      registry.close();
    } catch (Exception e) {
      // Closing on shutdown; nothing useful to do with a failure here.
      LoggerFactory.getLogger(getClass()).warn("Closing failed", e);
    }
  }
}
