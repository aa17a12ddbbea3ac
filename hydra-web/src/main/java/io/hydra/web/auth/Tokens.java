package io.hydra.web.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.hydra.store.ConflictException;
import io.hydra.store.SameTransaction;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The {@code api_token} table: tokens by name, found by the hash of their secret. */
public final class Tokens {

  /** The name under which {@code HYDRA_BOOTSTRAP_TOKEN} is stored. */
  public static final String BOOTSTRAP = "bootstrap";

  /** A stored token, without its secret. */
  public record TokenInfo(
      String name, String role, Set<String> owners, String createdBy, Instant createdAt) {}

  private final Jdbi jdbi;

  public Tokens(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Creates a token and returns its secret, which is never readable again. */
  public String create(String name, Role role, Set<String> owners, String createdBy) {
    String secret = TokenSecrets.generate();
    int inserted =
        SameTransaction.carriedBy(
            jdbi,
            h ->
                h.createUpdate(
                        "insert into api_token (name, role, owners, secret_hash, created_by) "
                            + "values (:name, :role, cast(:owners as jsonb), :hash, :by) "
                            + "on conflict (name) do nothing")
                    .bind("name", name)
                    .bind("role", role.wireName())
                    .bind("owners", ownersJson(owners))
                    .bind("hash", TokenSecrets.hash(secret))
                    .bind("by", createdBy)
                    .execute());
    if (inserted == 0) {
      throw new ConflictException("a token named '" + name + "' exists; revoke it first");
    }
    return secret;
  }

  /** Makes the bootstrap secret an admin token, replacing an earlier bootstrap secret. */
  public void bootstrap(String secret) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "insert into api_token (name, role, secret_hash, created_by) "
                        + "values (:name, 'admin', :hash, 'HYDRA_BOOTSTRAP_TOKEN') "
                        + "on conflict (name) do update set role = 'admin', owners = null, "
                        + "secret_hash = excluded.secret_hash")
                .bind("name", BOOTSTRAP)
                .bind("hash", TokenSecrets.hash(secret))
                .execute());
  }

  public boolean revoke(String name) {
    return SameTransaction.carriedBy(
            jdbi,
            h ->
                h.createUpdate("delete from api_token where name = :name")
                    .bind("name", name)
                    .execute())
        > 0;
  }

  public List<TokenInfo> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select name, role, owners::text as owners, created_by, created_at from api_token "
                        + "order by name")
                .map((rs, ctx) -> info(rs))
                .list());
  }

  public Optional<TokenInfo> get(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select name, role, owners::text as owners, created_by, created_at from api_token "
                        + "where name = :name")
                .bind("name", name)
                .map((rs, ctx) -> info(rs))
                .findOne());
  }

  /** The principal a presented secret stands for, if it is a live token. */
  public Optional<Principal> authenticate(String secret) {
    byte[] presented = TokenSecrets.hash(secret);
    Optional<StoredHash> row =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "select name, role, owners::text as owners, secret_hash from api_token "
                            + "where secret_hash = :hash")
                    .bind("hash", presented)
                    .map(
                        (rs, ctx) ->
                            new StoredHash(
                                new Principal(
                                    rs.getString("name"),
                                    Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                                    owners(rs.getString("owners"))),
                                rs.getBytes("secret_hash")))
                    .findFirst());
    return row.filter(r -> TokenSecrets.matches(r.hash(), presented)).map(StoredHash::principal);
  }

  private record StoredHash(Principal principal, byte[] hash) {}

  private static TokenInfo info(ResultSet rs) throws SQLException {
    return new TokenInfo(
        rs.getString("name"),
        rs.getString("role"),
        owners(rs.getString("owners")),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static String ownersJson(Set<String> owners) {
    return owners == null ? null : Json.write(owners);
  }

  private static Set<String> owners(String json) {
    if (json == null) {
      return null;
    }
    try {
      return new LinkedHashSet<>(Json.json().readValue(json, new TypeReference<List<String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("api_token.owners is not a JSON list: " + json, e);
    }
  }
}
