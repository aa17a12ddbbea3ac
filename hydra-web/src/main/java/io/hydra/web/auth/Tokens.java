package io.hydra.web.auth;

import io.hydra.store.Store;
import io.hydra.store.auth.ApiToken;
import io.hydra.store.error.ConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code api_token} table: tokens by name, found by the hash of their secret. */
public final class Tokens {

  /** The name under which {@code HYDRA_BOOTSTRAP_TOKEN} is stored. */
  public static final String BOOTSTRAP = "bootstrap";

  /** A stored token, without its secret. */
  public record TokenInfo(
      String name, String role, Set<String> owners, String createdBy, Instant createdAt) {}

  private final Store store;

  public Tokens(Store store) {
    this.store = store;
  }

  /** Creates a token and returns its secret, which is never readable again. */
  public String create(String name, Role role, Set<String> owners, String createdBy) {
    String secret = TokenSecrets.generate();
    ApiToken token =
        new ApiToken(name, role.wireName(), owners, TokenSecrets.hash(secret), createdBy, null);
    // In a transaction of the store's, so the request's audit row commits with the token.
    if (!store.inTransaction(tx -> tx.apiTokens().insert(token))) {
      throw new ConflictException("a token named '" + name + "' exists; revoke it first");
    }
    return secret;
  }

  /** Makes the bootstrap secret an admin token, replacing an earlier bootstrap secret. */
  public void bootstrap(String secret) {
    store.useStandalone(
        tx ->
            tx.apiTokens().putAdmin(BOOTSTRAP, TokenSecrets.hash(secret), "HYDRA_BOOTSTRAP_TOKEN"));
  }

  public boolean revoke(String name) {
    return store.inTransaction(tx -> tx.apiTokens().delete(name));
  }

  public List<TokenInfo> list() {
    return store.read(tx -> tx.apiTokens().list()).stream().map(Tokens::info).toList();
  }

  public Optional<TokenInfo> get(String name) {
    return store.read(tx -> tx.apiTokens().get(name)).map(Tokens::info);
  }

  /** The principal a presented secret stands for, if it is a live token. */
  public Optional<Principal> authenticate(String secret) {
    byte[] presented = TokenSecrets.hash(secret);
    return store
        .read(tx -> tx.apiTokens().bySecretHash(presented))
        .filter(token -> TokenSecrets.matches(token.secretHash(), presented))
        .map(
            token ->
                new Principal(
                    token.name(),
                    Role.valueOf(token.role().toUpperCase(Locale.ROOT)),
                    token.owners()));
  }

  private static TokenInfo info(ApiToken token) {
    return new TokenInfo(
        token.name(), token.role(), token.owners(), token.createdBy(), token.createdAt());
  }
}
