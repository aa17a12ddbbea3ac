package io.hydra.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback for notification tests: records every request by path and answers
 * 204, or 503 to a path's first few requests when told to, so that retries are exercised.
 */
public final class TestWebhook implements AutoCloseable {

  /** One request as the receiver saw it. */
  public record Received(String event, String signature, String body) {}

  private final HttpServer server;
  private final Map<String, List<Received>> byPath = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  private TestWebhook() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byPath
              .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
              .add(
                  new Received(
                      exchange.getRequestHeaders().getFirst("X-Hydra-Event"),
                      exchange.getRequestHeaders().getFirst("X-Hydra-Signature"),
                      new String(
                          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          AtomicInteger fail = failuresLeft.get(path);
          boolean failing = fail != null && fail.getAndDecrement() > 0;
          exchange.sendResponseHeaders(failing ? 503 : 204, -1);
          exchange.close();
        });
    server.start();
  }

  public static TestWebhook start() {
    return new TestWebhook();
  }

  /** The first {@code times} requests to {@code path} are answered 503. */
  public TestWebhook failFirst(String path, int times) {
    failuresLeft.put(path, new AtomicInteger(times));
    return this;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** What {@code path} received so far, in order. */
  public List<Received> received(String path) {
    return byPath.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
