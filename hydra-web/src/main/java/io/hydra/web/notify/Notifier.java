package io.hydra.web.notify;

import io.hydra.core.job.NotifySpec;
import io.hydra.core.run.ReasonKind;
import io.hydra.store.ChangeChannel;
import io.hydra.store.Store;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.json.Json;
import io.hydra.web.events.RunChange;
import io.hydra.web.events.RunChanges;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends run events to webhooks: the server's default ({@code --notify-webhook}) and each job's own
 * {@code notify} entries. Everything happens off the engine and off the change listener: one thread
 * records deliveries and schedules retries, and HTTP calls are asynchronous with a timeout, so a
 * slow or failing endpoint delays nothing but its own retries.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(10);

  private static final int DEFAULT_MAX_ATTEMPTS = 8;
  private static final Duration ALERT_SWEEP = Duration.ofSeconds(30);
  private static final int ALERT_BATCH = 500;
  private static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(5);

  private final Store store;
  private final Optional<NotifyTarget> global;
  private final Function<String, List<NotifySpec>> jobNotifications;
  private final String secret;
  private final int maxAttempts;
  private final Duration firstRetry;
  private final AutoCloseable subscription;
  private AutoCloseable alertSubscription;
  private long alertCursor;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "hydra-notifier");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param config the server's default webhook, or null for none
   * @param secret signs every delivery (HMAC-SHA256); null sends them unsigned
   * @param jobNotifications a job's own {@code notify} entries, by job name
   */
  public Notifier(
      Store store,
      NotifyConfig config,
      String secret,
      Function<String, List<NotifySpec>> jobNotifications,
      RunChanges changes) {
    this.store = store;
    this.global = Optional.ofNullable(config).map(NotifyTarget::of);
    this.jobNotifications = jobNotifications;
    this.secret = config != null && config.secret() != null ? config.secret() : secret;
    this.maxAttempts = config == null ? DEFAULT_MAX_ATTEMPTS : config.maxAttempts();
    this.firstRetry = config == null ? DEFAULT_FIRST_RETRY : config.firstRetry();
    this.subscription =
        changes.subscribe(
            change ->
                event(change)
                    .ifPresent(
                        event ->
                            worker.execute(
                                () ->
                                    targets(change.job()).stream()
                                        .filter(target -> target.on().contains(event))
                                        .forEach(target -> record(change, event, target)))));
  }

  /**
   * Also delivers deadline alerts, raised by whichever instance leads: woken by their NOTIFY, and
   * every {@link #ALERT_SWEEP} in case one was missed while the listening connection was down.
   * Alerts raised before this call were delivered by whoever ran then.
   */
  public void followAlerts(ChangeChannel channel) {
    alertCursor = store.read(tx -> tx.deadlineAlerts().maxId());
    alertSubscription =
        channel.subscribe(ChangeChannel.ALERTS, payload -> worker.execute(this::readAlerts));
    worker.scheduleWithFixedDelay(
        this::readAlerts, ALERT_SWEEP.toMillis(), ALERT_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** On the worker thread only, so the cursor needs no lock. */
  private void readAlerts() {
    try {
      List<DeadlineAlert> alerts =
          store.read(tx -> tx.deadlineAlerts().after(alertCursor, ALERT_BATCH));
      for (DeadlineAlert alert : alerts) {
        alertCursor = alert.id();
        targets(alert.job()).stream()
            .filter(target -> target.on().contains(alert.kind()))
            .forEach(target -> record(alert, target));
      }
      if (alerts.size() == ALERT_BATCH) {
        worker.execute(this::readAlerts);
      }
    } catch (RuntimeException e) {
      log.warn("Reading deadline alerts failed; the next sweep tries again", e);
    }
  }

  private void record(DeadlineAlert alert, NotifyTarget target) {
    Optional<Long> id =
        store.standalone(
            tx ->
                tx.deliveries()
                    .insertPendingAlert(
                        alert.id(),
                        alert.runId(),
                        alert.job(),
                        alert.kind(),
                        target.webhook().toString()));
    id.ifPresent(
        delivery ->
            send(delivery, target, AlertBodies.of(alert, target.format()), alert.kind(), 1));
  }

  private List<NotifyTarget> targets(String job) {
    List<NotifyTarget> targets = new ArrayList<>();
    global.ifPresent(targets::add);
    jobNotifications.apply(job).forEach(spec -> targets.add(NotifyTarget.of(spec)));
    return targets;
  }

  /** The notification event of a change: its state, or {@code missed} for a missed fire. */
  static Optional<String> event(RunChange change) {
    if (change.state().equals("skipped")
        && ReasonKind.MISSED.wireName().equals(change.reasonKind())) {
      return Optional.of("missed");
    }
    return Optional.of(change.state());
  }

  private void record(RunChange change, String event, NotifyTarget target) {
    Optional<Long> id =
        store.standalone(
            tx ->
                tx.deliveries()
                    .insertPending(
                        change.eventId(),
                        change.runId(),
                        change.job(),
                        event,
                        target.webhook().toString()));
    // Another instance that heard the same change already took it.
    id.ifPresent(delivery -> send(delivery, target, body(change, event, target), event, 1));
  }

  private String body(RunChange change, String event, NotifyTarget target) {
    if (target.format().equals("slack")) {
      return Json.write(
          Map.of(
              "text",
              "Hydra: run "
                  + change.runId()
                  + " of "
                  + change.job()
                  + " (logical time "
                  + change.logicalTime()
                  + ") "
                  + event
                  + ": "
                  + change.reason()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event);
    body.put("job", change.job());
    body.put("runId", change.runId());
    body.put("logicalTime", change.logicalTime().toString());
    body.put("state", change.state());
    body.put("reason", change.reason());
    body.put("at", change.at().toString());
    body.put("attempt", change.attempt());
    return Json.write(body);
  }

  private void send(long delivery, NotifyTarget target, String body, String event, int attempt) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.webhook())
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "hydra-notifier")
            .header("X-Hydra-Event", event)
            .header("X-Hydra-Delivery", Long.toString(delivery))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      request.header("X-Hydra-Signature", "sha256=" + sign(secret, body));
    }
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenCompleteAsync(
            (response, error) -> {
              int status = response == null ? 0 : response.statusCode();
              if (error == null && status >= 200 && status < 300) {
                update(delivery, "delivered", attempt, status, null);
                return;
              }
              String problem = error != null ? error.toString() : "HTTP " + status;
              if (attempt >= maxAttempts) {
                log.warn(
                    "Notification {} to {} failed after {} attempts: {}",
                    delivery,
                    target.webhook(),
                    attempt,
                    problem);
                update(delivery, "failed", attempt, status, problem);
                return;
              }
              update(delivery, "pending", attempt, status, problem);
              worker.schedule(
                  () -> send(delivery, target, body, event, attempt + 1),
                  retryWait(attempt).toMillis(),
                  TimeUnit.MILLISECONDS);
            },
            worker);
  }

  private Duration retryWait(int attempt) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
  }

  private void update(long delivery, String state, int attempts, int status, String error) {
    store.useStandalone(tx -> tx.deliveries().update(delivery, state, attempts, status, error));
  }

  /** Hex HMAC-SHA256 of the body: receivers recompute it with the shared secret. */
  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  @Override
  public void close() {
    try {
      subscription.close();
      if (alertSubscription != null) {
        alertSubscription.close();
      }
      worker.shutdownNow();
    } catch (Exception e) {
      // Closing on shutdown; nothing useful to do with a failure here.
      LoggerFactory.getLogger(getClass()).warn("Closing failed", e);
    }
  }
}
