package io.hydra.web.metrics;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code http.server.requests}: latency by method, route template and status. */
public final class HttpMetrics {

  private static final String START = "hydra.metrics.start";
  private static final String ROUTE = "hydra.metrics.route";

  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void before(Context ctx) {
    ctx.attribute(START, System.nanoTime());
  }

  /** Before the endpoint: after-handlers see their own path, not the route's. */
  public void matched(Context ctx) {
    ctx.attribute(ROUTE, ctx.endpointHandlerPath());
  }

  public void after(Context ctx) {
    Long start = ctx.attribute(START);
    if (start == null) {
      return;
    }
    String route = ctx.attribute(ROUTE);
    Timer.builder("http.server.requests")
        .tag("method", ctx.method().name())
        .tag("route", route == null ? "unmatched" : route) // bounded: never the raw path
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - start));
  }
}
