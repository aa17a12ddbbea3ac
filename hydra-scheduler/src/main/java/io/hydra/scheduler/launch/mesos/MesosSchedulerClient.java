package io.hydra.scheduler.launch.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 scheduler HTTP API, protobuf encoded: one long-lived SUBSCRIBE stream read by a dedicated
 * thread, and every other call POSTed on other connections, one at a time and in order (so a
 * RECONCILE never overtakes the ACCEPT that launched the task it asks about).
 *
 * <p>It keeps the subscription alive on its own: follows redirects to the leading master, tries the
 * next master when one is unreachable, resubscribes with exponential backoff after any disconnect,
 * and drops a stream that missed {@code heartbeatTolerance} heartbeats. The framework id is
 * persisted on the first SUBSCRIBED and sent with every later SUBSCRIBE, so reconnecting is a
 * failover of the same framework.
 */
final class MesosSchedulerClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MesosSchedulerClient.class);
  static final String STREAM_ID = "Mesos-Stream-Id";
  private static final int MAX_REDIRECTS = 5;

  /** What the launcher does with the stream. Called on the subscription thread, in order. */
  interface Handler {
    /** Whether to subscribe with our role suppressed (nothing is queued). */
    boolean suppressOnSubscribe();

    void onSubscribed(String frameworkId);

    void onEvent(Event event);

    void onDisconnected(String why);
  }

  private final MesosConfig config;
  private final FrameworkIdStore ids;
  private final Handler handler;
  private final HttpClient http;
  private final ExecutorService httpExecutor;
  private final ExecutorService calls;
  private final ScheduledExecutorService watchdog;
  private final Thread subscriber;
  private final Object connectionLock = new Object();

  private volatile boolean closed;
  private volatile String frameworkId;
  private volatile URI leader;
  private volatile String streamId;
  private volatile long lastEventNanos;
  private volatile long heartbeatNanos;
  private volatile Duration backoff;
  private int masterIndex;

  /** Counts SUBSCRIBED events, so the loop knows whether a failed attempt had subscribed. */
  private volatile long subscriptions;

  /** The open event stream, closed by the watchdog or {@link #close} to unblock the reader. */
  private InputStream stream;

  MesosSchedulerClient(MesosConfig config, FrameworkIdStore ids, Handler handler) {
    this.config = config;
    this.ids = ids;
    this.handler = handler;
    this.httpExecutor = Executors.newCachedThreadPool(DaemonThreads.named("hydra-mesos-http"));
    this.http = SchedulerRequests.client(config, httpExecutor);
    this.calls = Executors.newSingleThreadExecutor(DaemonThreads.named("hydra-mesos-calls"));
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hydra-mesos-watchdog"));
    this.subscriber = DaemonThreads.named("hydra-mesos-subscriber").newThread(this::subscribeLoop);
    this.backoff = config.minBackoff();
  }

  void start() {
    frameworkId = ids.load().orElse(null);
    watchdog.scheduleWithFixedDelay(this::checkHeartbeat, 50, 50, TimeUnit.MILLISECONDS);
    subscriber.start();
  }

  /** The current framework id, or null before the first subscription of a new framework. */
  String frameworkId() {
    return frameworkId;
  }

  /** The master we are subscribed to (or last were), for operator endpoints. */
  URI leader() {
    URI l = leader;
    return l != null ? l : config.masters().get(0);
  }

  boolean isSubscribed() {
    return streamId != null;
  }

  HttpClient http() {
    return http;
  }

  /**
   * Sends a call after those sent before it. The framework id is filled in. Without a subscription
   * the call is dropped: the master would refuse it (403), and every call we make is either
   * repeated after resubscribing (KILL, RECONCILE) or made moot by it (ACKNOWLEDGE of a redelivered
   * update, offers that died with the stream).
   */
  CompletableFuture<Integer> send(Call.Builder call) {
    return CompletableFuture.supplyAsync(() -> post(call), calls);
  }

  private int post(Call.Builder call) {
    String sid = streamId;
    String fid = frameworkId;
    if (sid == null || fid == null || closed) {
      log.debug("Not subscribed; dropping {} call", call.getType());
      return -1;
    }
    call.setFrameworkId(Protos.FrameworkID.newBuilder().setValue(fid));
    URI base = leader();
    HttpRequest.Builder req =
        SchedulerRequests.to(base, config)
            .timeout(config.requestTimeout())
            .header(STREAM_ID, sid)
            .POST(HttpRequest.BodyPublishers.ofByteArray(call.build().toByteArray()));
    try {
      HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      int code = resp.statusCode();
      if (code == 202 || code == 200) {
        return code;
      }
      String body = resp.body() == null ? "" : resp.body().strip();
      if (code == 307 || code == 403) {
        // 307: leadership moved; 403: the master does not consider us subscribed. Either way
        // the stream we hold is no longer useful.
        log.warn(
            "Mesos master {} answered {} to {} ({}); resubscribing",
            base,
            code,
            call.getType(),
            body);
        abortStream(sid, "call answered " + code);
      } else {
        log.warn("Mesos master {} refused {}: {} {}", base, call.getType(), code, body);
      }
      return code;
    } catch (IOException e) {
      log.warn("Mesos {} call to {} failed: {}", call.getType(), base, e.toString());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void subscribeLoop() {
    while (!closed) {
      long before = subscriptions;
      String why;
      try {
        subscribeOnce();
        why = "event stream ended";
      } catch (IOException | RuntimeException e) {
        why = e.toString();
      } catch (InterruptedException e) {
        why = "interrupted";
      }
      boolean wasSubscribed = subscriptions != before;
      synchronized (connectionLock) {
        streamId = null;
        stream = null;
      }
      if (closed) {
        break;
      }
      Thread.interrupted(); // a watchdog interrupt must not cut the backoff short
      log.warn("Mesos subscription lost ({}); resubscribing in {} ms", why, backoff.toMillis());
      if (wasSubscribed) {
        handler.onDisconnected(why);
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      }
      Duration next = backoff.multipliedBy(2);
      backoff = next.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : next;
    }
    log.info("Mesos subscription loop stopped");
  }

  private void subscribeOnce() throws IOException, InterruptedException {
    List<URI> masters = config.masters();
    URI base = leader != null ? leader : masters.get(masterIndex % masters.size());
    for (int redirects = 0; ; redirects++) {
      HttpResponse<InputStream> resp;
      try {
        resp =
            http.send(
                SchedulerRequests.to(base, config)
                    .timeout(config.requestTimeout())
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            SubscribeCall.of(config, frameworkId, handler.suppressOnSubscribe())
                                .toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        // Unreachable (or timed out): forget the leader and try the next master next time.
        leader = null;
        masterIndex = (masterIndex + 1) % masters.size();
        throw new IOException("cannot reach Mesos master " + base + ": " + e, e);
      }
      int code = resp.statusCode();
      if (code == 307 && redirects < MAX_REDIRECTS) {
        String location = resp.headers().firstValue("Location").orElse(null);
        resp.body().close();
        URI next = MasterAddress.leaderFromLocation(base, location);
        log.info("Mesos master {} is not the leader; following redirect to {}", base, next);
        base = next;
        continue;
      }
      if (code != 200) {
        String body;
        try (InputStream in = resp.body()) {
          body = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        }
        leader = null;
        if (code != 307) {
          masterIndex = (masterIndex + 1) % masters.size();
        }
        throw new IOException("SUBSCRIBE to " + base + " answered " + code + ": " + body);
      }
      String sid = resp.headers().firstValue(STREAM_ID).orElse(null);
      if (sid == null) {
        resp.body().close();
        throw new IOException("SUBSCRIBE response from " + base + " has no " + STREAM_ID);
      }
      leader = base;
      readEvents(resp.body(), sid);
      return;
    }
  }

  private void readEvents(InputStream in, String sid) throws IOException {
    synchronized (connectionLock) {
      if (closed) {
        in.close();
        return;
      }
      stream = in;
    }
    try (in) {
      lastEventNanos = System.nanoTime();
      for (byte[] record = RecordIo.read(in); record != null; record = RecordIo.read(in)) {
        lastEventNanos = System.nanoTime();
        Event event = Event.parseFrom(record);
        switch (event.getType()) {
          case SUBSCRIBED -> subscribed(event.getSubscribed(), sid);
          case HEARTBEAT -> log.trace("Mesos heartbeat");
          case ERROR -> {
            error(event.getError().getMessage());
            return;
          }
          default -> {
            if (streamId != null) {
              handler.onEvent(event);
            }
          }
        }
      }
    }
  }

  private void subscribed(Event.Subscribed s, String sid) {
    String fid = s.getFrameworkId().getValue();
    if (!fid.equals(frameworkId)) {
      log.info("Subscribed to Mesos as new framework {} (was {})", fid, frameworkId);
    } else {
      log.info("Resubscribed to Mesos as framework {} (failover)", fid);
    }
    // Persist before anything else: a task launched under an id we then lose would be orphaned.
    ids.save(fid);
    frameworkId = fid;
    double hb = s.hasHeartbeatIntervalSeconds() ? s.getHeartbeatIntervalSeconds() : 15;
    heartbeatNanos = (long) (hb * 1e9);
    backoff = config.minBackoff();
    synchronized (connectionLock) {
      streamId = sid;
    }
    subscriptions++;
    handler.onSubscribed(fid);
  }

  /** Every ERROR event ends the stream; some also end the framework or this instance. */
  private void error(String message) {
    switch (StreamError.of(message)) {
      case FRAMEWORK_REMOVED -> {
        log.error(
            "Mesos removed framework {} ({}); subscribing as a new framework",
            frameworkId,
            message);
        frameworkId = null;
      }
      case FAILED_OVER -> {
        log.error(
            "Mesos reports framework {} failed over to another scheduler ({}); this Hydra "
                + "instance stops using Mesos",
            frameworkId,
            message);
        closed = true;
      }
      case OTHER ->
          log.error("Mesos error for framework {}: {}; resubscribing", frameworkId, message);
    }
  }

  private void checkHeartbeat() {
    long hb = heartbeatNanos;
    String sid = streamId;
    if (sid == null || hb <= 0) {
      return;
    }
    long silent = System.nanoTime() - lastEventNanos;
    if (silent > hb * config.heartbeatTolerance()) {
      log.warn(
          "No event from Mesos for {} ms ({} heartbeats missed); reconnecting",
          silent / 1_000_000,
          config.heartbeatTolerance());
      abortStream(sid, "missed heartbeats");
    }
  }

  /** Drops the stream with the given id (not a newer one), waking up the reader. */
  private void abortStream(String sid, String why) {
    InputStream in;
    synchronized (connectionLock) {
      if (sid == null || !sid.equals(streamId)) {
        return;
      }
      streamId = null;
      in = stream;
      stream = null;
    }
    log.info("Dropping Mesos stream {}: {}", sid, why);
    closeQuietly(in);
    // The reader may be blocked waiting for the next buffer; interrupting wakes it up.
    subscriber.interrupt();
  }

  @Override
  public void close() {
    closed = true;
    InputStream in;
    synchronized (connectionLock) {
      in = stream;
      stream = null;
      streamId = null;
    }
    closeQuietly(in);
    subscriber.interrupt();
    watchdog.shutdownNow();
    calls.shutdown();
    try {
      subscriber.join(5000);
      calls.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    httpExecutor.shutdownNow();
  }

  private static void closeQuietly(InputStream in) {
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      log.debug("Closing the Mesos stream", e);
    }
  }
}
