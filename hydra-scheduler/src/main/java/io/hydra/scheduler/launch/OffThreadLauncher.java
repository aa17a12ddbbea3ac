package io.hydra.scheduler.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands {@link #launch}, {@link #kill} and {@link #reconcile} to threads of its own, so the caller
 * (the engine loop) never waits on a launcher: a process start that takes a while, or a Mesos call
 * that hangs, holds up only its own task. Each of these returns at once.
 *
 * <p>Order. Calls run in the order they were made, except that a call waits while an earlier one
 * about the same task has not returned (a kill never overtakes its task's launch; a reconcile of a
 * task comes after what was asked of it before and before what is asked after), and a launch waits
 * until every kill made before it has returned (a {@code concurrency: replace} predecessor's kill
 * reaches the launcher before its successor's launch). Calls that need not wait run side by side,
 * at most {@code threads} at once.
 *
 * <p>Leadership. A launch runs only if the leadership term it was asked in ({@code term} when
 * {@link #launch} was called; 0 when not leading) is still the current one when its turn comes;
 * otherwise it is dropped, and its attempt, committed as {@code launching}, is reconciled by the
 * next leadership, never launched twice. Kills and reconciles are not checked: both are harmless to
 * repeat, and a new leader repeats them anyway.
 *
 * <p>Errors. A call that throws is logged and the others go on; a launch that throws is reported
 * {@link TaskState#FAILED} to the listener, so its attempt ends instead of staying {@code
 * launching}. A kill or reconcile that throws is only logged: the kill stays requested in the
 * store, the reconciled attempts stay active, and the next leadership tries again.
 *
 * <p>Close. Calls already running are given {@link #CLOSE_GRACE} to return; calls still waiting are
 * dropped (a launch's attempt stays {@code launching}, a kill stays requested, both for the next
 * leader); then the delegate is closed.
 */
public final class OffThreadLauncher extends ForwardingLauncher {

  private static final Logger log = LoggerFactory.getLogger(OffThreadLauncher.class);

  /**
   * Launcher calls that run at once by default: at least 2, so one slow call does not hold up the
   * rest, and no more than the cores (up to 4), since a local start is mostly fork and exec, CPU
   * work that more threads only slow down (measured on 2 busy cores when a start took three execs:
   * 300 starts took 1.8-2.8 s on one thread, 1.4-2.7 s on two, 1.6-2.5 s on four).
   */
  public static final int DEFAULT_THREADS =
      Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** How long {@link #close} lets calls already running finish before closing the delegate. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private enum Kind {
    LAUNCH,
    KILL,
    RECONCILE
  }

  /** A call to the delegate, about {@code taskIds}. */
  private record Call(Kind kind, List<String> taskIds, Runnable body) {}

  private final LongSupplier term;
  private final int threads;
  private final ThreadPoolExecutor workers;
  private final Object lock = new Object();

  // Guarded by lock.
  private final ArrayDeque<Call> waiting = new ArrayDeque<>();
  private final Set<String> busy = new HashSet<>();
  private int running;
  private int killsRunning;
  private boolean closed;

  private volatile TaskStatusListener listener = status -> {};

  public OffThreadLauncher(Launcher delegate, LongSupplier term) {
    this(delegate, DEFAULT_THREADS, term);
  }

  /**
   * @param threads at most this many calls run at once
   * @param term the current leadership term, or 0 when not leading; a launch runs only in the term
   *     it was asked in
   */
  public OffThreadLauncher(Launcher delegate, int threads, LongSupplier term) {
    super(delegate);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.term = term;
    this.threads = threads;
    AtomicInteger count = new AtomicInteger();
    // Never more than `threads` calls are handed over at once, so its queue stays empty.
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "hydra-launch-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    workers.allowCoreThreadTimeOut(true);
  }

  @Override
  public void start(TaskStatusListener statusListener) {
    this.listener = statusListener;
    delegate.start(statusListener);
  }

  @Override
  public void launch(LaunchRequest request) {
    if (request == null) {
      log.warn("Ignoring a null launch request");
      return;
    }
    long askedIn = term.getAsLong();
    submit(new Call(Kind.LAUNCH, List.of(request.taskId()), () -> runLaunch(request, askedIn)));
  }

  @Override
  public void kill(String taskId) {
    submit(new Call(Kind.KILL, List.of(taskId), () -> delegate.kill(taskId)));
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    List<KnownTask> known = List.copyOf(tasks);
    List<String> ids = known.stream().map(KnownTask::taskId).distinct().toList();
    submit(new Call(Kind.RECONCILE, ids, () -> delegate.reconcile(known)));
  }

  private void submit(Call call) {
    synchronized (lock) {
      if (closed) {
        log.debug("Launcher closed; dropping {} of {}", call.kind(), call.taskIds());
        return;
      }
      waiting.add(call);
      startWhatMay();
    }
  }

  /** Hands over, oldest first, the waiting calls that need not wait, while a thread is free. */
  private void startWhatMay() {
    if (running >= threads || waiting.isEmpty()) {
      return;
    }
    Set<String> heldBack = new HashSet<>(); // tasks of earlier calls that still wait
    boolean killBefore = killsRunning > 0;
    for (Iterator<Call> it = waiting.iterator(); it.hasNext() && running < threads; ) {
      Call call = it.next();
      boolean taskFree =
          call.taskIds().stream().noneMatch(id -> busy.contains(id) || heldBack.contains(id));
      if (taskFree && !(call.kind() == Kind.LAUNCH && killBefore)) {
        it.remove();
        running++;
        busy.addAll(call.taskIds());
        if (call.kind() == Kind.KILL) {
          killsRunning++;
        }
        workers.execute(() -> run(call));
      } else {
        heldBack.addAll(call.taskIds());
      }
      // A kill running or still waiting: the launches after it wait until it has returned.
      killBefore |= call.kind() == Kind.KILL;
    }
  }

  private void run(Call call) {
    try {
      call.body().run();
    } catch (RuntimeException e) {
      log.warn("Launcher {} of {} failed; continuing", call.kind(), call.taskIds(), e);
    } finally {
      synchronized (lock) {
        running--;
        call.taskIds().forEach(busy::remove);
        if (call.kind() == Kind.KILL) {
          killsRunning--;
        }
        if (!closed) {
          startWhatMay();
        }
        lock.notifyAll();
      }
    }
  }

  private void runLaunch(LaunchRequest request, long askedIn) {
    String taskId = request.taskId();
    long now = term.getAsLong();
    if (askedIn <= 0 || now != askedIn) {
      log.warn(
          "Task {}: leadership term {} ended before its launch (now {}); its attempt stays"
              + " launching for the next leadership to reconcile",
          taskId,
          askedIn,
          now);
      return;
    }
    try {
      delegate.launch(request);
    } catch (RuntimeException e) {
      log.warn("Task {}: the launcher failed to launch it", taskId, e);
      listener.onStatus(
          new TaskStatus(
              taskId, TaskState.FAILED, null, "the launcher failed: " + e, Instant.now()));
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      long launches = waiting.stream().filter(c -> c.kind() == Kind.LAUNCH).count();
      if (!waiting.isEmpty()) {
        log.info(
            "Launcher closing: dropping {} waiting calls ({} launches, whose attempts stay"
                + " launching for the next leader to reconcile)",
            waiting.size(),
            launches);
      }
      waiting.clear();
      long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
      try {
        while (running > 0 && System.nanoTime() < deadline) {
          lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (running > 0) {
        log.warn("{} launcher calls still running after {}; closing anyway", running, CLOSE_GRACE);
      }
    }
    workers.shutdown();
    delegate.close();
  }
}
