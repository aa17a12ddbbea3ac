package io.hydra.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.Store;
import io.hydra.store.json.Json;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditEntriesTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static JsonNode json(String text) {
    try {
      return Json.json().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long insert(String job, Integer status, JsonNode before) {
    return store.inTransaction(
        tx -> tx.auditEntries().insert("alice", "PUT x", "/x", job, status, before, null));
  }

  @Test
  void aRowWrittenWithItsChangeGetsItsAnswerLater() {
    long id = insert(null, null, json("{\"v\":1}"));
    assertThat(read(new AuditEntry.Query(null, null, id + 1, 1)).get(0).status()).isNull();

    store.useTransaction(tx -> tx.auditEntries().complete(id, "etl", 200, json("{\"v\":2}")));

    AuditEntry entry = read(new AuditEntry.Query(null, null, id + 1, 1)).get(0);
    assertThat(entry.id()).isEqualTo(id);
    assertThat(entry.job()).isEqualTo("etl");
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.before().get("v").asInt()).isEqualTo(1);
    assertThat(entry.after().get("v").asInt()).isEqualTo(2);
    assertThat(entry.actor()).isEqualTo("alice");
    assertThat(entry.action()).isEqualTo("PUT x");
    assertThat(entry.target()).isEqualTo("/x");
  }

  @Test
  void completingKeepsAJobAlreadyNamed() {
    long id = insert("first", null, null);
    store.useTransaction(tx -> tx.auditEntries().complete(id, "second", 201, null));

    AuditEntry entry = read(new AuditEntry.Query("first", null, null, 10)).get(0);
    assertThat(entry.id()).isEqualTo(id);
    assertThat(entry.after()).isNull();
    assertThat(entry.before()).isNull();
  }

  @Test
  void rowsAreReadNewestFirstByJobTimeAndPage() {
    long a = insert("paged", 200, null);
    long b = insert("paged", 200, null);
    long c = insert("paged", 200, null);
    insert("other", 200, null);

    assertThat(ids(new AuditEntry.Query("paged", null, null, 10))).containsExactly(c, b, a);
    assertThat(ids(new AuditEntry.Query("paged", null, c, 1))).containsExactly(b);
    assertThat(ids(new AuditEntry.Query("paged", Instant.now().plusSeconds(3600), null, 10)))
        .isEmpty();
    assertThat(store.<Long>read(tx -> tx.auditEntries().count())).isGreaterThanOrEqualTo(4);
  }

  private static List<AuditEntry> read(AuditEntry.Query query) {
    return store.read(tx -> tx.auditEntries().read(query));
  }

  private static List<Long> ids(AuditEntry.Query query) {
    return read(query).stream().map(AuditEntry::id).toList();
  }
}
