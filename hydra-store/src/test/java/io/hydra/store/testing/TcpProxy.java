package io.hydra.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of PostgreSQL for fault injection: {@link #cut()} drops every connection and
 * refuses new ones (the database is down), {@link #blackhole()} keeps connections open but lets no
 * byte through (a network partition), {@link #restore()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

  private enum Mode {
    FORWARD,
    CUT,
    BLACKHOLE
  }

  private static final Pattern PORT = Pattern.compile(":(\\d+)/");

  private final ServerSocket server;
  private final int targetPort;
  private final String url;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.FORWARD;

  private TcpProxy(String jdbcUrl, Matcher port) throws IOException {
    this.targetPort = Integer.parseInt(port.group(1));
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    this.url = jdbcUrl.replace(port.group(), ":" + server.getLocalPort() + "/");
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A proxy in front of the database at {@code jdbcUrl}; {@link #url()} reaches it through this.
   */
  public static TcpProxy inFrontOf(String jdbcUrl) throws IOException {
    Matcher port = PORT.matcher(jdbcUrl);
    if (!port.find()) {
      throw new IllegalArgumentException("no port in " + jdbcUrl);
    }
    return new TcpProxy(jdbcUrl, port);
  }

  /** The JDBC URL that reaches the database through this proxy. */
  public String url() {
    return url;
  }

  public void cut() {
    mode = Mode.CUT;
    closeAll();
  }

  public void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  public void restore() {
    mode = Mode.FORWARD;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.CUT) {
          client.close();
          continue;
        }
        Socket upstream = new Socket("127.0.0.1", targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection fail
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  while (mode == Mode.BLACKHOLE && !from.isClosed()) {
                    // hold the bytes: a partition, not a refusal
                    Thread.sleep(5);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side closed
              } finally {
                close(from);
                close(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeAll() {
    open.forEach(TcpProxy::close);
    open.clear();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    closeAll();
  }
}
