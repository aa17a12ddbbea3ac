package io.hydra.scheduler.engine;

import io.hydra.scheduler.launch.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Model-based test of the engine: random sequences of what users, operators, time, tasks and
 * crashes do, against the real engine on real PostgreSQL, driven one deterministic pass at a time
 * ({@link ModelWorld}), with the invariants of {@link ModelChecks} checked after every pass and
 * every step.
 *
 * <p>{@code mvn verify} runs {@value #DEFAULT_TRIES} sequences of up to {@value #DEFAULT_STEPS}
 * steps; more with {@code -Dhydra.model.tries=5000} (and {@code -Dhydra.model.steps=40}), e.g.
 * {@code mvn -B -q -pl hydra-scheduler -am test -Dtest=EngineModelTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dhydra.model.tries=5000}.
 */
class EngineModelTest {

  static final int DEFAULT_TRIES = 200;
  static final int DEFAULT_STEPS = 24;
  private static final Instant BASE = Instant.parse("2026-03-02T10:00:00Z");

  private static final AtomicInteger sequences = new AtomicInteger();
  private static final AtomicInteger steps = new AtomicInteger();
  private static final AtomicLong startedNanos = new AtomicLong();
  private static ModelWorld current;
  private static final Map<String, Integer> statistics = new java.util.TreeMap<>();

  @Property
  @AddLifecycleHook(TriesFromSystemProperty.class)
  void theEngineKeepsItsInvariants(@ForAll("sequences") ActionChain<ModelWorld> chain) {
    startedNanos.compareAndSet(0, System.nanoTime());
    chain
        .withInvariant(
            "invariants",
            world -> {
              steps.incrementAndGet();
              world.checks.afterStep();
            })
        .run();
  }

  @AfterContainer
  static void report() {
    closeCurrent();
    if (startedNanos.get() != 0) {
      System.out.printf(
          "EngineModelTest: %d sequences, %d steps in %.1f s; in all: %s%n",
          sequences.get(), steps.get(), (System.nanoTime() - startedNanos.get()) / 1e9, statistics);
    }
  }

  private static void closeCurrent() {
    if (current != null) {
      current.statistics().forEach((k, n) -> statistics.merge(k, n, Integer::sum));
      current.close();
      current = null;
    }
  }

  /** A new world for each sequence; the last one's engine is stopped first. */
  private ModelWorld newWorld() {
    closeCurrent();
    sequences.incrementAndGet();
    current = new ModelWorld();
    return current;
  }

  @Provide
  Arbitrary<ActionChain<ModelWorld>> sequences() {
    return ActionChain.startWith(this::newWorld)
        .withAction(5, dep(EngineModelTest::defineJob))
        .withAction(1, dep(EngineModelTest::deleteJob))
        .withAction(1, dep(EngineModelTest::pauseOrResume))
        .withAction(4, act(advance()))
        .withAction(3, dep(EngineModelTest::trigger))
        .withAction(2, act(rerun()))
        .withAction(1, act(onRun("kill", ModelWorld::kill)))
        .withAction(1, act(onRun("skip", ModelWorld::skip)))
        .withAction(1, act(onRun("mark success", ModelWorld::markSuccess)))
        .withAction(2, act(onRun("hold", ModelWorld::hold)))
        .withAction(1, act(onRun("release", ModelWorld::release)))
        .withAction(1, dep(EngineModelTest::backfill))
        .withAction(1, act(cancelBackfill()))
        .withAction(5, act(endTask()))
        .withAction(1, act(redeliver()))
        .withAction(1, act(restart()))
        .withMaxTransformations(Integer.getInteger("hydra.model.steps", DEFAULT_STEPS));
  }

  private static Action.Independent<ModelWorld> act(Arbitrary<Transformer<ModelWorld>> t) {
    return () -> t;
  }

  /** An action generated from the world as it is when its turn comes. */
  private static Action.Dependent<ModelWorld> dep(
      java.util.function.Function<ModelWorld, Arbitrary<Transformer<ModelWorld>>> generator) {
    return new Action.Dependent<>() {
      @Override
      public Arbitrary<Transformer<ModelWorld>> transformer(ModelWorld world) {
        return generator.apply(world);
      }
    };
  }

  /** Mostly a job that exists: operations on missing ones are refused, which teaches little. */
  private static Arbitrary<String> name(ModelWorld world) {
    return world.defined.isEmpty()
        ? Arbitraries.of(ModelWorld.NAMES)
        : Arbitraries.of(java.util.List.copyOf(world.defined.keySet()));
  }

  /** A logical time on the half-hour grid around the start. */
  private static Arbitrary<Instant> time(int from, int to) {
    return Arbitraries.integers()
        .between(from, to)
        .map(k -> BASE.plus(Duration.ofMinutes(30L * k)));
  }

  private static Arbitrary<Transformer<ModelWorld>> defineJob(ModelWorld world) {
    java.util.Set<String> defined = java.util.Set.copyOf(world.defined.keySet());
    return Arbitraries.integers()
        .between(0, ModelWorld.NAMES.size() - 1)
        .flatMap(i -> ModelJob.of(i, defined))
        .map(job -> Transformer.mutate("define " + job, w -> w.define(job)));
  }

  private static Arbitrary<Transformer<ModelWorld>> deleteJob(ModelWorld world) {
    return name(world).map(n -> Transformer.mutate("delete " + n, w -> w.delete(n)));
  }

  private static Arbitrary<Transformer<ModelWorld>> pauseOrResume(ModelWorld world) {
    return Combinators.combine(name(world), Arbitraries.of(true, false))
        .as((n, p) -> Transformer.mutate((p ? "pause " : "resume ") + n, w -> w.pause(n, p)));
  }

  private static Arbitrary<Transformer<ModelWorld>> advance() {
    return Arbitraries.of(10, 30, 30, 60, 60, 120, 300)
        .map(m -> Transformer.mutate("advance " + m + "m", w -> w.advance(Duration.ofMinutes(m))));
  }

  private static Arbitrary<Transformer<ModelWorld>> trigger(ModelWorld world) {
    return Combinators.combine(
            name(world), time(-4, 8).injectNull(0.4), Arbitraries.of(false, false, true))
        .as(
            (n, t, p) -> {
              Map<String, String> params = p ? Map.of("p", "1") : Map.of();
              return Transformer.mutate(
                  "trigger " + n + (t == null ? " now" : " at " + t) + (p ? " with p=1" : ""),
                  w -> w.trigger(n, t, params));
            });
  }

  private static Arbitrary<Integer> index() {
    return Arbitraries.integers().between(0, 30);
  }

  private static Arbitrary<Transformer<ModelWorld>> rerun() {
    return Combinators.combine(
            index(), Arbitraries.of(false, true), Arbitraries.of(false, false, true))
        .as(
            (k, down, p) ->
                Transformer.mutate(
                    "rerun run #" + k + (down ? " with downstream" : "") + (p ? " with p=2" : ""),
                    w -> w.rerun(k, down, p ? Map.of("p", "2") : null)));
  }

  private interface RunOperation {
    void apply(ModelWorld world, int k);
  }

  private static Arbitrary<Transformer<ModelWorld>> onRun(String what, RunOperation op) {
    return index().map(k -> Transformer.mutate(what + " run #" + k, w -> op.apply(w, k)));
  }

  private static Arbitrary<Transformer<ModelWorld>> backfill(ModelWorld world) {
    return Combinators.combine(
            name(world), time(-8, 0), Arbitraries.integers().between(0, 6), Arbitraries.of(1, 2))
        .as(
            (n, from, span, par) -> {
              Instant to = from.plus(Duration.ofMinutes(30L * span));
              return Transformer.mutate(
                  "backfill " + n + " from " + from + " to " + to + " parallelism " + par,
                  w -> w.backfill(n, from, to, par));
            });
  }

  private static Arbitrary<Transformer<ModelWorld>> cancelBackfill() {
    return index().map(k -> Transformer.mutate("cancel backfill #" + k, w -> w.cancelBackfill(k)));
  }

  private static Arbitrary<Transformer<ModelWorld>> endTask() {
    Arbitrary<TaskState> how =
        Arbitraries.of(
            TaskState.SUCCEEDED,
            TaskState.SUCCEEDED,
            TaskState.SUCCEEDED,
            TaskState.FAILED,
            TaskState.FAILED,
            TaskState.LOST);
    return Combinators.combine(index(), how, Arbitraries.of(false, false, false, false, true))
        .as(
            (k, state, crash) ->
                Transformer.mutate(
                    "task #"
                        + k
                        + " ends "
                        + state.name().toLowerCase()
                        + (crash ? ", and the engine crashes before applying it" : ""),
                    w -> w.endTask(k, state, crash)));
  }

  private static Arbitrary<Transformer<ModelWorld>> redeliver() {
    return index()
        .map(k -> Transformer.mutate("task #" + k + "'s last report again", w -> w.redeliver(k)));
  }

  private static Arbitrary<Transformer<ModelWorld>> restart() {
    return Arbitraries.of(true, false)
        .map(
            clean ->
                Transformer.mutate(
                    clean ? "engine stops and starts again" : "engine crashes and restarts",
                    w -> w.restart(clean)));
  }

  /** Tries from {@code -Dhydra.model.tries}, default {@value #DEFAULT_TRIES}. */
  static final class TriesFromSystemProperty implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      context.attributes().setTries(Integer.getInteger("hydra.model.tries", DEFAULT_TRIES));
      return property.execute();
    }
  }
}
