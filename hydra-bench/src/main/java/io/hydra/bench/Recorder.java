package io.hydra.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What task bodies saw: every start (with the instant the task was due) and every end, in
 * microseconds since the epoch. Task bodies of all peers call it from their worker threads.
 */
public final class Recorder {

  /** One start of a task: its key (job and due time, or node name), due and start times. */
  public record Start(String key, long dueMicros, long atMicros) {}

  private final ConcurrentLinkedQueue<Start> starts = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> ends = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  public static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  /** Called first thing in a task body. */
  public void started(String key, long dueMicros) {
    startedAt(key, dueMicros, nowMicros());
  }

  /** A start observed elsewhere (a real process wrote its own time). */
  public void startedAt(String key, long dueMicros, long atMicros) {
    starts.add(new Start(key, dueMicros, atMicros));
    count.incrementAndGet();
  }

  /** Called last thing in a task body, before the scheduler learns that it succeeded. */
  public void ended(String key) {
    endedAt(key, nowMicros());
  }

  public void endedAt(String key, long atMicros) {
    ends.putIfAbsent(key, atMicros);
  }

  public int startCount() {
    return count.get();
  }

  public List<Start> starts() {
    return List.copyOf(starts);
  }

  public Long endOf(String key) {
    return ends.get(key);
  }
}
