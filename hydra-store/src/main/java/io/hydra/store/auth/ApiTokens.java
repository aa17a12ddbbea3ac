package io.hydra.store.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The {@code api_token} table: tokens by name, found by the hash of their secret. */
public final class ApiTokens {

  private static final String COLUMNS =
      "select name, role, owners::text as owners, secret_hash, created_by, created_at "
          + "from api_token ";

  private final Handle handle;

  public ApiTokens(Handle handle) {
    this.handle = handle;
  }

  /** Adds a token; false if one of that name exists (it is left as it is). */
  public boolean insert(ApiToken token) {
    return handle
            .createUpdate(
                "insert into api_token (name, role, owners, secret_hash, created_by) "
                    + "values (:name, :role, cast(:owners as jsonb), :hash, :by) "
                    + "on conflict (name) do nothing")
            .bind("name", token.name())
            .bind("role", token.role())
            .bind("owners", token.owners() == null ? null : Json.write(token.owners()))
            .bind("hash", token.secretHash())
            .bind("by", token.createdBy())
            .execute()
        > 0;
  }

  /** Makes {@code name} an admin token for every owner with this secret, whatever it was before. */
  public void putAdmin(String name, byte[] secretHash, String createdBy) {
    handle
        .createUpdate(
            "insert into api_token (name, role, secret_hash, created_by) "
                + "values (:name, 'admin', :hash, :by) "
                + "on conflict (name) do update set role = 'admin', owners = null, "
                + "secret_hash = excluded.secret_hash")
        .bind("name", name)
        .bind("hash", secretHash)
        .bind("by", createdBy)
        .execute();
  }

  /** False if there was no such token. */
  public boolean delete(String name) {
    return handle
            .createUpdate("delete from api_token where name = :name")
            .bind("name", name)
            .execute()
        > 0;
  }

  public List<ApiToken> list() {
    return handle.createQuery(COLUMNS + "order by name").map((rs, ctx) -> token(rs)).list();
  }

  public Optional<ApiToken> get(String name) {
    return handle
        .createQuery(COLUMNS + "where name = :name")
        .bind("name", name)
        .map((rs, ctx) -> token(rs))
        .findOne();
  }

  /** The token whose secret has this hash; the caller still compares in constant time. */
  public Optional<ApiToken> bySecretHash(byte[] hash) {
    return handle
        .createQuery(COLUMNS + "where secret_hash = :hash")
        .bind("hash", hash)
        .map((rs, ctx) -> token(rs))
        .findFirst();
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getString("name"),
        rs.getString("role"),
        owners(rs.getString("owners")),
        rs.getBytes("secret_hash"),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
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
