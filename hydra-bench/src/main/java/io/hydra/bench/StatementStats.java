package io.hydra.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A profile of the database work of each phase of a round: with {@code HYDRA_BENCH_STATEMENTS=1}
 * the bench's PostgreSQL loads {@code pg_stat_statements}, and each reading of a peer's commits
 * (the end of its set-up, the end of its measured phase) prints that database's costliest
 * statements since the last reading, then starts counting again. Off by default: tracking costs
 * PostgreSQL a little on every statement, so figures are measured without it.
 */
final class StatementStats {

  private static final boolean ON = "1".equals(System.getenv("HYDRA_BENCH_STATEMENTS"));

  private static final String TOP =
      "select calls, rows, round(total_exec_time::numeric, 1), wal_records, wal_bytes,"
          + " left(regexp_replace(query, '\\s+', ' ', 'g'), 120)"
          + " from pg_stat_statements where dbid = (select oid from pg_database where datname = ?)"
          + " order by total_exec_time desc limit 15";

  private StatementStats() {}

  static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
    return ON
        ? builder
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track", "all")
        : builder;
  }

  /** Prints the database's costliest statements since the last call, then resets the counts. */
  static void printAndReset(Connection c, String database) throws SQLException {
    if (!ON) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("create extension if not exists pg_stat_statements");
    }
    System.out.printf(
        "statements of %s: calls, rows, exec ms, WAL records, WAL bytes, statement%n", database);
    try (PreparedStatement p = c.prepareStatement(TOP)) {
      p.setString(1, database);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          System.out.printf(
              "  %8d %8d %9s %9d %11d  %s%n",
              rs.getLong(1),
              rs.getLong(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getString(6));
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("select pg_stat_statements_reset()");
    }
  }
}
