package io.hydra.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.store.error.NotFoundException;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/v1/tokens}: create (the secret is answered once), list and revoke tokens. */
public final class TokenRoutes {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int MAX_OWNERS = 100;
  private static final int MAX_OWNER_LENGTH = 128;

  private final Tokens tokens;

  public TokenRoutes(Tokens tokens) {
    this.tokens = tokens;
  }

  public void register(Javalin app) {
    app.post("/api/v1/tokens", this::create);
    app.get("/api/v1/tokens", ctx -> ctx.json(Map.of("items", tokens.list())));
    app.delete("/api/v1/tokens/{name}", this::revoke);
  }

  private void create(Context ctx) {
    ObjectNode body = Bodies.object(ctx, Set.of("name", "role", "owners"));
    String name = text(body, "name");
    if (name == null || !NAME.matcher(name).matches()) {
      throw ValidationException.of("name", "is required and must match " + NAME.pattern());
    }
    String roleText = text(body, "role");
    if (roleText == null) {
      throw ValidationException.of("role", "is required: viewer, operator or admin");
    }
    Role role = Role.fromWire("role", roleText);
    Set<String> owners = owners(body.get("owners"));
    String secret = tokens.create(name, role, owners, Principal.of(ctx).name());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", name);
    answer.put("role", role.wireName());
    answer.put("owners", owners == null ? null : List.copyOf(owners));
    answer.put("token", secret);
    ctx.status(201).json(answer);
  }

  private void revoke(Context ctx) {
    String name = ctx.pathParam("name");
    if (!tokens.revoke(name)) {
      throw new NotFoundException("token '" + name + "' does not exist");
    }
    ctx.status(204);
  }

  private static Set<String> owners(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray() || value.isEmpty() || value.size() > MAX_OWNERS) {
      throw ValidationException.of(
          "owners", "expected a list of 1 to " + MAX_OWNERS + " owner names");
    }
    Set<String> owners = new LinkedHashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode owner = value.get(i);
      if (!owner.isTextual()
          || owner.asText().isBlank()
          || owner.asText().length() > MAX_OWNER_LENGTH) {
        throw ValidationException.of(
            "owners[" + i + "]",
            "expected a non-empty string of at most " + MAX_OWNER_LENGTH + " characters");
      }
      owners.add(owner.asText());
    }
    return owners;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ValidationException.of(field, "expected a string");
    }
    return value.asText();
  }
}
