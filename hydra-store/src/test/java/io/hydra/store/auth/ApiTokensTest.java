package io.hydra.store.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiTokensTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static byte[] hash(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ApiToken token(String name, Set<String> owners, String secret) {
    return new ApiToken(name, "operator", owners, hash(secret), "alice", null);
  }

  @Test
  void aTokenIsFoundByNameAndByTheHashOfItsSecret() {
    assertThat(
            store.<Boolean>inTransaction(
                tx -> tx.apiTokens().insert(token("ci", Set.of("b", "a"), "s1"))))
        .isTrue();

    ApiToken byName = store.read(tx -> tx.apiTokens().get("ci")).orElseThrow();
    assertThat(byName.role()).isEqualTo("operator");
    assertThat(byName.owners()).containsExactlyInAnyOrder("a", "b");
    assertThat(byName.createdBy()).isEqualTo("alice");
    assertThat(byName.createdAt()).isNotNull();
    assertThat(store.<Optional<ApiToken>>read(tx -> tx.apiTokens().bySecretHash(hash("s1"))))
        .hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("ci"));
    assertThat(store.<Optional<ApiToken>>read(tx -> tx.apiTokens().bySecretHash(hash("other"))))
        .isEmpty();
  }

  @Test
  void aSecondTokenOfTheSameNameIsRefusedAndTheFirstKept() {
    store.inTransaction(tx -> tx.apiTokens().insert(token("dup", null, "s2")));

    assertThat(store.<Boolean>inTransaction(tx -> tx.apiTokens().insert(token("dup", null, "s3"))))
        .isFalse();
    assertThat(store.read(tx -> tx.apiTokens().get("dup")).orElseThrow().secretHash())
        .isEqualTo(hash("s2"));
    assertThat(store.read(tx -> tx.apiTokens().get("dup")).orElseThrow().owners()).isNull();
  }

  @Test
  void theAdminTokenIsReplacedAndTokensAreListedByNameAndDeleted() {
    store.inTransaction(tx -> tx.apiTokens().insert(token("zz-boot", Set.of("x"), "old")));
    store.useTransaction(tx -> tx.apiTokens().putAdmin("zz-boot", hash("new"), "env"));

    ApiToken admin = store.read(tx -> tx.apiTokens().get("zz-boot")).orElseThrow();
    assertThat(admin.role()).isEqualTo("admin");
    assertThat(admin.owners()).isNull();
    assertThat(admin.secretHash()).isEqualTo(hash("new"));
    assertThat(store.read(tx -> tx.apiTokens().list()).stream().map(ApiToken::name))
        .isSorted()
        .contains("zz-boot");

    assertThat(store.<Boolean>inTransaction(tx -> tx.apiTokens().delete("zz-boot"))).isTrue();
    assertThat(store.<Boolean>inTransaction(tx -> tx.apiTokens().delete("zz-boot"))).isFalse();
    assertThat(store.<Optional<ApiToken>>read(tx -> tx.apiTokens().get("zz-boot"))).isEmpty();
  }
}
