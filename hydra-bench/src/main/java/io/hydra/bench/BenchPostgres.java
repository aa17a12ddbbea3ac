package io.hydra.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one embedded PostgreSQL every peer runs on, with a fresh database per peer. It is set up the
 * way Hydra's own embedded database is (fsync and synchronous commit on), so a commit costs what it
 * costs in production.
 */
public final class BenchPostgres implements AutoCloseable {

  /** PostgreSQL 14 sends a backend's counters at most every 500 ms; wait that out, twice. */
  private static final Duration STATS_DELAY = Duration.ofMillis(1200);

  private final EmbeddedPostgres server;
  private int databases;

  private BenchPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static BenchPostgres start() {
    try {
      return new BenchPostgres(
          StatementStats.configure(
                  EmbeddedPostgres.builder()
                      .setPGStartupWait(Duration.ofSeconds(60))
                      .setServerConfig("fsync", "on")
                      .setServerConfig("synchronous_commit", "on")
                      .setServerConfig("max_connections", "200"))
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /** Creates an empty database and returns its name. */
  public synchronized String createDatabase(String prefix) {
    String name = prefix.replaceAll("[^a-z0-9]", "_") + "_" + (++databases);
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return name;
  }

  public String url(String database) {
    return server.getJdbcUrl("postgres", database);
  }

  HikariDataSource pool(String database, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(database));
    config.setUsername("postgres");
    config.setMaximumPoolSize(size);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  /**
   * Committed transactions of {@code database} so far, read from another database so that the
   * reading does not count. Waits first for backends to report their counters.
   */
  long commits(String database) {
    sleep(STATS_DELAY);
    try (Connection c = server.getPostgresDatabase().getConnection()) {
      StatementStats.printAndReset(c, database);
      try (Statement s = c.createStatement()) {
        s.execute("select pg_stat_clear_snapshot()");
      }
      try (PreparedStatement p =
          c.prepareStatement("select xact_commit from pg_stat_database where datname = ?")) {
        p.setString(1, database);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_database", e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
