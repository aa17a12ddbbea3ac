package io.hydra.store.testing;

import io.hydra.store.Database;
import io.hydra.store.Store;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the embedded PostgreSQL for a test class of the store, migrated, opened
 * before its tests and closed after them:
 *
 * <pre>{@code
 * @RegisterExtension static final TestStore db = new TestStore();
 * ... db.store().read(tx -> ...)
 * }</pre>
 */
public final class TestStore implements BeforeAllCallback, AfterAllCallback {

  private Database database;

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestDatabase.create();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.close();
    }
  }

  public Store store() {
    return database.store();
  }

  public Database database() {
    return database;
  }
}
