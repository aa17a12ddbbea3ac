package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.testing.Await;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The Mesos launcher explored against the test master: random bursts of launches and kills, tasks
 * ending, offers rescinded, agents lost and replaced by ones of random size, connections dropped,
 * REVIVEs lost, Hydra crashed and restarted, in any order. After every step nothing is launched
 * twice; once the faults stop every attempt is running, ended or proven never started, nothing
 * waits for an offer, and the idle framework is suppressed. 8 sequences of up to 12 steps by
 * default; more with {@code -Dhydra.mesos.model.tries=200}.
 */
class MesosLauncherModelTest {

  /** Sets the number of tries from {@code hydra.mesos.model.tries} (default 8). */
  static final class TriesFromSystemProperty implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      context.attributes().setTries(Integer.getInteger("hydra.mesos.model.tries", 8));
      return property.execute();
    }
  }

  @Property
  @AddLifecycleHook(TriesFromSystemProperty.class)
  void theLauncherKeepsItsInvariants(@ForAll("chains") ActionChain<MesosWorld> chain) {
    chain
        .withInvariant("nothing launched twice", MesosWorld::checkStep)
        .withInvariant(
            "no work waits on a suppressed framework or a held offer", MesosWorld::checkNoIdleWait)
        .run();
    try (MesosWorld world = chain.finalState().orElseThrow()) {
      world.checkSettles();
    }
  }

  @Provide
  Arbitrary<ActionChain<MesosWorld>> chains() {
    return ActionChain.startWith(MesosWorld::new)
        .withAction(5, act(launches()))
        .withAction(2, dep(MesosLauncherModelTest::kill))
        .withAction(3, dep(MesosLauncherModelTest::finish))
        .withAction(1, act(Arbitraries.just(t("rescind", MesosWorld::rescindAnOffer))))
        .withAction(1, act(agentLoss()))
        .withAction(1, act(Arbitraries.just(t("drop", MesosWorld::dropConnection))))
        .withAction(1, act(Arbitraries.just(t("lose revive", MesosWorld::loseRevive))))
        .withAction(1, act(Arbitraries.just(t("crash", MesosWorld::crashAndRestart))))
        .withAction(3, act(concurrentLaunches()))
        .withAction(1, act(midBurstCrashes()))
        .withAction(1, act(slowCalls()))
        .withMaxTransformations(12);
  }

  private static Arbitrary<Transformer<MesosWorld>> launches() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 12),
            Arbitraries.of(0.01, 0.1, 0.5, 1.0),
            Arbitraries.of(16.0, 128.0, 512.0))
        .as((n, cpus, mem) -> t("launch " + n, w -> w.launch(n, cpus, mem)));
  }

  private static Arbitrary<Transformer<MesosWorld>> concurrentLaunches() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 60),
            Arbitraries.of(0.01, 0.1, 0.5),
            Arbitraries.integers().between(2, 4))
        .as(
            (n, cpus, threads) ->
                t(
                    "launch " + n + " on " + threads + " threads",
                    w -> w.launchConcurrently(n, cpus, 16, threads)));
  }

  /** One kind of call becomes slow on its way to the master, from now on. */
  private static Arbitrary<Transformer<MesosWorld>> slowCalls() {
    return Combinators.combine(
            Arbitraries.of(
                Call.Type.SUPPRESS,
                Call.Type.REVIVE,
                Call.Type.ACCEPT,
                Call.Type.DECLINE,
                Call.Type.ACKNOWLEDGE),
            Arbitraries.integers().between(1, 8))
        .as(
            (type, ms) ->
                t(
                    "slow " + type + " by " + ms + " ms",
                    w -> w.slow(type, java.time.Duration.ofMillis(ms))));
  }

  /** Death after k calls, or (k = -1) between the journal's commit and the ACCEPT. */
  private static Arbitrary<Transformer<MesosWorld>> midBurstCrashes() {
    return Combinators.combine(
            Arbitraries.integers().between(-1, 6), Arbitraries.integers().between(1, 20))
        .as((calls, n) -> t("crash mid-burst", w -> w.crashMidBurst(calls, n)));
  }

  private static Arbitrary<Transformer<MesosWorld>> agentLoss() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(1.0, 2.0, 4.0),
            Arbitraries.of(1024.0, 4096.0))
        .as(
            (unreachable, cpus, mem) ->
                t("agent loss", w -> w.replaceAgent(unreachable, cpus, mem)));
  }

  /** The engine kills only attempts it believes active. */
  private static Arbitrary<Transformer<MesosWorld>> kill(MesosWorld w) {
    var active = List.copyOf(w.active());
    return active.isEmpty()
        ? Arbitraries.just(Transformer.noop())
        : Arbitraries.of(active).map(id -> t("kill " + id, x -> x.kill(id)));
  }

  private static Arbitrary<Transformer<MesosWorld>> finish(MesosWorld w) {
    return w.launched.isEmpty()
        ? Arbitraries.just(Transformer.noop())
        : Arbitraries.of(w.launched).map(id -> t("finish " + id, x -> x.finish(id)));
  }

  private static Transformer<MesosWorld> t(String what, java.util.function.Consumer<MesosWorld> f) {
    return Transformer.mutate(what, f);
  }

  private static Action.Independent<MesosWorld> act(Arbitrary<Transformer<MesosWorld>> t) {
    return () -> t;
  }

  private static Action.Dependent<MesosWorld> dep(
      java.util.function.Function<MesosWorld, Arbitrary<Transformer<MesosWorld>>> generator) {
    return new Action.Dependent<>() {
      @Override
      public Arbitrary<Transformer<MesosWorld>> transformer(MesosWorld world) {
        return generator.apply(world);
      }
    };
  }

  // ---- the three cases, as regression examples ----

  /** Case 1: a burst while a REVIVE goes missing and the connection drops drains all the same. */
  @Example
  void aBurstWithALostReviveAndADroppedConnectionDrains() {
    try (MesosWorld w = new MesosWorld()) {
      w.launch(2, 0.01, 16);
      w.loseRevive();
      w.launch(50, 0.01, 16);
      w.dropConnection();
      w.launch(48, 0.01, 16);
      w.checkSettles();
    }
  }

  /**
   * Case 1 as it happened: every SUPPRESS is slow to leave while launches from two threads keep
   * arriving across offer cycles. A REVIVE decided after a SUPPRESS must not reach the master
   * before it (a SUPPRESS handed to the sender outside the launcher's lock would be overtaken, and
   * the master would stay suppressed with work waiting).
   */
  @Example
  void aSlowSuppressIsNotOvertakenByTheReviveOfWorkThatCameAfterIt() {
    try (MesosWorld w = new MesosWorld()) {
      w.wire.slow(Call.Type.SUPPRESS, java.time.Duration.ofMillis(5));
      w.launchConcurrently(80, 0.01, 16, 2);
      w.checkStep();
      w.checkSettles();
    }
  }

  /** Case 2: a crash before any offer came: the attempt is proven never started. */
  @Example
  void aCrashBeforeTheOfferProvesTheAttemptNeverStarted() {
    try (MesosWorld w = new MesosWorld()) {
      w.master.autoOffer(false);
      w.launch(1, 0.1, 16);
      w.crashAndRestart();
      String id = w.launched.get(0);
      w.statuses.await(id, TaskState.NOT_STARTED);
      w.master.autoOffer(true);
      w.checkSettles();
    }
  }

  /** Case 3: tiny tasks that fit one offer leave in one ACCEPT. */
  @Example
  void tinyTasksThatFitOneOfferLeaveInOne() {
    try (MesosWorld w = new MesosWorld()) {
      w.master.autoOffer(false);
      w.launch(100, 0.01, 16);
      Await.until(
          "revived",
          StatusRecorder.WAIT,
          () -> !w.master.calls(Call.Type.REVIVE).isEmpty() && !w.master.suppressed());
      w.master.allocate();
      Await.until(
          "all running", StatusRecorder.WAIT, () -> w.statuses.tasksIn(TaskState.RUNNING) == 100);
      assertThat(w.master.calls(Call.Type.ACCEPT)).hasSize(1);
      w.master.autoOffer(true);
      w.checkSettles();
    }
  }
}
