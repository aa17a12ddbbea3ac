package io.hydra.web.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Lets a few requests work at once and the others wait their turn in arrival order.
 *
 * <p>Without it, requests beyond the cores run all at once, each slowed by all the others, and
 * Jetty serves a connection whose next request has just arrived before requests already queued:
 * with fifty clients, most answers came in a few milliseconds and the slowest hundreds of times
 * later. A request holds its place only while its handler runs: a long poll or an event stream that
 * waits asynchronously has given it back.
 */
final class FairAdmission implements Filter {

  private final Semaphore turns;

  FairAdmission(int atOnce) {
    this.turns = new Semaphore(atOnce, true);
  }

  /** Two per core: a request spends part of its time waiting on the database. */
  static int atOnce() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  /** Requests waiting for their turn now. */
  int waiting() {
    return turns.getQueueLength();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      turns.acquire();
    } catch (InterruptedException e) { // the server is stopping
      Thread.currentThread().interrupt();
      ((HttpServletResponse) response).sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      turns.release();
    }
  }
}
