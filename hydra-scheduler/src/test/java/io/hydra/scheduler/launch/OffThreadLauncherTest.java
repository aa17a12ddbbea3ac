package io.hydra.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Launcher calls off the caller's thread: order per task, kills before later launches, errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OffThreadLauncherTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Recording delegate = new Recording();
  private final AtomicLong term = new AtomicLong(1);
  private final List<TaskStatus> reported = new CopyOnWriteArrayList<>();
  private OffThreadLauncher launcher;

  private OffThreadLauncher launcher(int threads) {
    launcher = new OffThreadLauncher(delegate, threads, term::get);
    launcher.start(reported::add);
    return launcher;
  }

  @AfterEach
  void tearDown() {
    delegate.releaseAll();
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void aLaunchThatBlocksHoldsUpNeitherTheCallerNorOtherTasks() {
    OffThreadLauncher offThread = launcher(2);
    delegate.block("launch:slow");

    offThread.launch(request("slow")); // returns although the launch blocks
    delegate.awaitEntered("launch:slow");
    offThread.launch(request("fast"));
    offThread.kill("other");

    delegate.awaitCalls("launch:fast", "kill:other");
    assertThat(delegate.calls()).doesNotContain("launch:slow");
    assertThat(delegate.threads).noneMatch(name -> name.equals(Thread.currentThread().getName()));
    delegate.release("launch:slow");
    delegate.awaitCalls("launch:slow");
  }

  @Test
  void aKillNeverOvertakesItsTasksLaunchNorAReconcile() {
    OffThreadLauncher offThread = launcher(4);
    delegate.block("launch:a");

    offThread.launch(request("a"));
    delegate.awaitEntered("launch:a");
    offThread.reconcile(List.of(new Launcher.KnownTask("a", true)));
    offThread.kill("a");
    offThread.launch(request("b")); // after a kill that waits: waits too
    offThread.reconcile(List.of(new Launcher.KnownTask("c", false)));

    delegate.awaitCalls("reconcile:[c]"); // runs: it waits for nothing
    assertThat(delegate.calls()).containsExactly("reconcile:[c]");
    delegate.release("launch:a");
    delegate.awaitCalls("launch:b");
    assertThat(delegate.calls())
        .containsExactly("reconcile:[c]", "launch:a", "reconcile:[a]", "kill:a", "launch:b");
  }

  @Test
  void launchesStartInTheOrderTheyWereMade() {
    OffThreadLauncher offThread = launcher(1);
    delegate.block("kill:old");
    offThread.kill("old");
    delegate.awaitEntered("kill:old");
    for (int i = 0; i < 20; i++) {
      offThread.launch(request("t" + i));
    }

    delegate.release("kill:old");
    delegate.awaitCalls("launch:t19");
    assertThat(delegate.calls().subList(1, 21))
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(i -> "launch:t" + i).toList());
  }

  @Test
  void aLaunchAskedForInAnEndedTermIsDropped() {
    OffThreadLauncher offThread = launcher(1);
    delegate.block("launch:first");
    offThread.launch(request("first"));
    delegate.awaitEntered("launch:first");
    offThread.launch(request("stale"));

    term.set(2); // the lease was lost and taken again: a new term
    offThread.launch(request("fresh"));
    delegate.release("launch:first");

    delegate.awaitCalls("launch:fresh");
    assertThat(delegate.calls()).containsExactly("launch:first", "launch:fresh");
    assertThat(reported).isEmpty();
  }

  @Test
  void aLaunchThatThrowsIsReportedFailedAndTheNextGoesOn() {
    OffThreadLauncher offThread = launcher(1);
    delegate.failing.add("launch:broken");
    delegate.failing.add("kill:gone");

    offThread.launch(request("broken"));
    offThread.kill("gone"); // a kill that throws is only logged
    offThread.launch(request("fine"));

    delegate.awaitCalls("launch:fine");
    Await.until("a report", WAIT, () -> !reported.isEmpty());
    assertThat(reported)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.taskId()).isEqualTo("broken");
              assertThat(s.state()).isEqualTo(TaskState.FAILED);
              assertThat(s.message()).contains("the launcher failed").contains("boom");
            });
  }

  @Test
  void closeLetsRunningCallsFinishAndDropsWaitingOnes() throws InterruptedException {
    OffThreadLauncher offThread = launcher(1);
    delegate.block("launch:running");
    offThread.launch(request("running"));
    delegate.awaitEntered("launch:running");
    offThread.launch(request("waiting"));

    Thread closer = new Thread(offThread::close);
    closer.start();
    Await.until(
        "close waits for the running launch",
        WAIT,
        () -> closer.getState() == Thread.State.TIMED_WAITING);
    assertThat(delegate.closed).isFalse();
    delegate.release("launch:running");
    closer.join(WAIT.toMillis());

    assertThat(delegate.closed).isTrue();
    assertThat(delegate.calls()).containsExactly("launch:running");
    offThread.launch(request("late"));
    assertThat(delegate.calls()).containsExactly("launch:running");
  }

  private static LaunchRequest request(String taskId) {
    return new LaunchRequest(
        taskId, "job", "true", List.of(), Map.of(), 0.1, 128, 0, 0, null, List.of(), Map.of(),
        List.of());
  }

  /** Records calls (once they return), and blocks or fails those the test names. */
  private static final class Recording implements Launcher {
    final List<String> returned = new CopyOnWriteArrayList<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();
    final Set<String> entered = ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    void block(String call) {
      blocks.put(call, new CountDownLatch(1));
    }

    void release(String call) {
      blocks.get(call).countDown();
    }

    void releaseAll() {
      blocks.values().forEach(CountDownLatch::countDown);
    }

    void awaitEntered(String call) {
      Await.until(call + " entered", WAIT, () -> entered.contains(call));
    }

    void awaitCalls(String... calls) {
      Await.until(
          String.join(", ", calls) + " made", WAIT, () -> returned.containsAll(List.of(calls)));
    }

    List<String> calls() {
      return List.copyOf(returned);
    }

    private void call(String call) {
      threads.add(Thread.currentThread().getName());
      entered.add(call);
      CountDownLatch block = blocks.get(call);
      try {
        if (block != null && !block.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(call + " was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing.contains(call)) {
        throw new IllegalStateException("boom");
      }
      returned.add(call);
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public void start(TaskStatusListener listener) {}

    @Override
    public void launch(LaunchRequest request) {
      call("launch:" + request.taskId());
    }

    @Override
    public void kill(String taskId) {
      call("kill:" + taskId);
    }

    @Override
    public void reconcile(Collection<KnownTask> tasks) {
      call("reconcile:" + tasks.stream().map(KnownTask::taskId).toList());
    }

    @Override
    public Optional<InputStream> openLog(String taskId, LogStream stream) {
      return Optional.empty();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
