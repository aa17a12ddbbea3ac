package io.hydra.store;

import java.nio.file.Path;

/**
 * Where Hydra's database is: an existing PostgreSQL ({@code url}), or, when url is null, an
 * embedded PostgreSQL whose files live under {@code dataDir}.
 */
public record DatabaseConfig(String url, String user, String password, Path dataDir, int poolSize) {

  public static DatabaseConfig embedded(Path dataDir) {
    return new DatabaseConfig(null, null, null, dataDir, 10);
  }

  public static DatabaseConfig external(String url, String user, String password) {
    return new DatabaseConfig(url, user, password, null, 10);
  }

  public boolean isEmbedded() {
    return url == null;
  }
}
