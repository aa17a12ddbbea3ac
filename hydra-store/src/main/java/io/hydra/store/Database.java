package io.hydra.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hydra.store.internal.EmbeddedDatabase;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/** An open, migrated database: the connection pool, Jdbi, and the embedded server if any. */
public final class Database implements AutoCloseable {

  private static final long CONNECTION_TIMEOUT_MS = 5_000;

  private final EmbeddedDatabase embedded;
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  private Database(EmbeddedDatabase embedded, HikariDataSource pool) {
    this.embedded = embedded;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
  }

  /** Starts the embedded server if needed, connects, and applies the Flyway migrations. */
  public static Database open(DatabaseConfig config) {
    EmbeddedDatabase embedded = null;
    HikariConfig hikari = new HikariConfig();
    if (config.isEmbedded()) {
      embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
      hikari.setJdbcUrl(embedded.jdbcUrl());
      hikari.setUsername("postgres");
    } else {
      hikari.setJdbcUrl(config.url());
      hikari.setUsername(config.user());
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("hydra");
    // Fail fast when the database is away: the API answers 503 within seconds (not after the
    // 30 s default) and the engine's steps log, back off and try again.
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    // A client that vanished mid-transaction (a partitioned leader) must not hold its locks, the
    // leader lease's included, for ever: PostgreSQL ends such a session, and rolls it back.
    // A JDBC batch of inserts (attempts, timeline entries) goes as multi-row INSERTs: one
    // statement, and one run of the statement-level NOTIFY trigger, per batch instead of per row.
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    // Hydra's statements are short and run thousands of times a second; PostgreSQL's JIT (on in
    // most packaged servers) compiles any whose estimate passes jit_above_cost, and the claim of
    // queued runs does on a large queue, which cost ~12 ms of compiling for a ~1 ms query.
    // Every transaction but readSnapshot's runs at read committed, set here once per connection
    // (the pool puts it back if a transaction changed it), never per transaction.
    hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    hikari.setConnectionInitSql("set idle_in_transaction_session_timeout = '5s'; set jit = off");
    HikariDataSource pool = new HikariDataSource(hikari);
    migrate(pool);
    return new Database(embedded, pool);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  /**
   * A new {@link Store} on this database (with its own outage log): make one per process and share
   * it, so an outage is logged once.
   */
  public Store store() {
    return new Store(jdbi);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Has the pool report its connections (in use, waiting, timeouts) to a Micrometer registry, so
   * the web module's metrics need not reach into the pool.
   */
  public void reportPoolTo(Object meterRegistry) {
    pool.setMetricRegistry(meterRegistry);
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
