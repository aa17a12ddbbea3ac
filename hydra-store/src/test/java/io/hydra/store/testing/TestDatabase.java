package io.hydra.store.testing;

import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL for tests: one embedded server per test JVM, and a fresh, migrated database for
 * every call to {@link #create()}, so tests never see each other's rows.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
    }
    return server;
  }

  /** A new empty database with Hydra's schema; its JDBC URL is {@link #url(String)}. */
  public static Database create() {
    String name = "hydra_test_" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid();
    createDatabase(name);
    return Database.open(DatabaseConfig.external(url(name), "postgres", "postgres"));
  }

  /** Opens an existing test database (created with {@link #createDatabase}). */
  public static Database open(String name) {
    return Database.open(DatabaseConfig.external(url(name), "postgres", "postgres"));
  }

  public static String url(String database) {
    return server().getJdbcUrl("postgres", database);
  }

  public static String createDatabase(String name) {
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return name;
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // The JVM is exiting; nothing more to do.
    }
  }
}
