package io.hydra.web;

import io.hydra.store.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole Hydra server for a test class: its own database on the embedded PostgreSQL, its own data
 * directory, started before the class's tests and closed after them. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN));
 * }</pre>
 *
 * The configuration function runs when the server starts (before the class's own {@code @BeforeAll}
 * methods), so it may prepare what the configuration names, such as a file in {@link
 * ServerConfig#dataDir()}. Registered on an instance field instead, each test gets a fresh server
 * and database.
 */
public final class TestServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<ServerConfig> configure;
  private Path dataDir;
  private String database;
  private HydraServer server;

  /** Started for one test (an instance field), not for the class. */
  private boolean perTest;

  /** Numbers the databases, so that every server (per class or per test) has its own. */
  private static final AtomicInteger STARTED = new AtomicInteger();

  private TestServer(UnaryOperator<ServerConfig> configure) {
    this.configure = configure;
  }

  /** A server on the defaults: no auth, the local launcher. */
  public static TestServer plain() {
    return new TestServer(UnaryOperator.identity());
  }

  public static TestServer with(UnaryOperator<ServerConfig> configure) {
    return new TestServer(configure);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (server == null) {
      perTest = true;
      start(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start(ExtensionContext context) throws IOException {
    String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    dataDir = Files.createTempDirectory("hydra-" + name + "-");
    database =
        TestDatabase.createDatabase(
            "hydra_"
                + name
                + "_"
                + STARTED.incrementAndGet()
                + "_"
                + ProcessHandle.current().pid());
    server = new HydraServer(configure.apply(config(dataDir, database))).start();
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    deleteTree(dataDir);
  }

  /** The configuration every test server starts from, on the given data directory and database. */
  static ServerConfig config(Path dataDir, String database) {
    return config(dataDir, database, null);
  }

  /** The same, loading the demo jobs of {@code demoJobsDir} (null for none). */
  static ServerConfig config(Path dataDir, String database, Path demoJobsDir) {
    return new ServerConfig(
        dataDir, "127.0.0.1", 0, TestDatabase.url(database), "postgres", "postgres", demoJobsDir);
  }

  public HydraServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The database's name, for a second server on the same database. */
  public String database() {
    return database;
  }

  /** A client without a token. */
  ApiClient api() {
    return new ApiClient(port());
  }

  ApiClient api(String token) {
    return new ApiClient(port(), token);
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
