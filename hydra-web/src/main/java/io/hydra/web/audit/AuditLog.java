package io.hydra.web.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.audit.AuditEntry;
import java.util.List;

/** The audit log of changes made through the API, kept by the store ({@code audit_log}). */
public final class AuditLog {

  private final Store store;

  public AuditLog(Store store) {
    this.store = store;
  }

  /** A row for a change that made no transaction of its own to ride with. */
  public void record(
      String actor,
      String action,
      String target,
      String job,
      int status,
      JsonNode before,
      JsonNode after) {
    store.standalone(
        tx -> tx.auditEntries().insert(actor, action, target, job, status, before, after));
  }

  /**
   * Writes a row inside the transaction of the change it records; its answer is not known yet
   * ({@code status} null) and is added by {@link #complete} once the request ends.
   */
  public long insert(
      Tx tx,
      String actor,
      String action,
      String target,
      String job,
      Integer status,
      JsonNode before,
      JsonNode after) {
    return tx.auditEntries().insert(actor, action, target, job, status, before, after);
  }

  /** Adds the answer to a row written with its change. */
  public void complete(long id, String job, int status, JsonNode after) {
    store.useStandalone(tx -> tx.auditEntries().complete(id, job, status, after));
  }

  public List<AuditEntry> read(AuditEntry.Query query) {
    return store.read(tx -> tx.auditEntries().read(query));
  }
}
