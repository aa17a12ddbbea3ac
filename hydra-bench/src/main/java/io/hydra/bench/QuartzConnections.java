package io.hydra.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz the same kind of pool (HikariCP, same size) the other peers get. Quartz creates it
 * from {@code org.quartz.dataSource.NAME.*} properties through these setters.
 */
public final class QuartzConnections implements ConnectionProvider {

  private String jdbcUrl;
  private int poolSize = 10;
  private HikariDataSource pool;

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public void setPoolSize(int poolSize) {
    this.poolSize = poolSize;
  }

  @Override
  public void initialize() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("quartz");
    // Quartz's JobStoreTX manages transactions itself.
    config.setAutoCommit(false);
    pool = new HikariDataSource(config);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void shutdown() {
    pool.close();
  }
}
