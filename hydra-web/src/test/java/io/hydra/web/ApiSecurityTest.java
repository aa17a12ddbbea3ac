package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.web.auth.AuthMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token auth, roles, owner limits, the audit log and idempotency keys over real HTTP. */
class ApiSecurityTest {

  private static final String ADMIN_SECRET = "test-bootstrap-secret";

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withAuth("token", ADMIN_SECRET));

  private static HydraServer server;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    server = SERVER.server();
    admin = new ApiClient(server.port(), ADMIN_SECRET);
  }

  private static String job(String name, String owner) {
    return "{\"name\":\""
        + name
        + "\",\"owner\":\""
        + owner
        + "\","
        + "\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{\"command\":\"true\"}}";
  }

  private static String token(String name, String role, String owners) {
    ApiClient.Response r =
        admin.post(
            "/api/v1/tokens",
            "{\"name\":\""
                + name
                + "\",\"role\":\""
                + role
                + "\""
                + (owners == null ? "" : ",\"owners\":" + owners)
                + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  private static void assertError(ApiClient.Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
    assertThat(r.json().at("/error/message").asText()).isNotBlank();
    assertThat(r.json().at("/error/fields").isArray()).isTrue();
  }

  @Test
  void withoutAValidTokenEveryApiCallIs401ButHealthIsOpen() {
    ApiClient anonymous = new ApiClient(server.port());
    assertError(anonymous.get("/api/v1/jobs"), 401, "unauthorized");
    assertThat(anonymous.get("/api/v1/jobs").header("WWW-Authenticate")).startsWith("Bearer");
    assertError(anonymous.post("/api/v1/jobs", job("anon", "x")), 401, "unauthorized");
    assertError(anonymous.as("not-a-token").get("/api/v1/runs"), 401, "unauthorized");
    assertThat(anonymous.get("/api/v1/health").status()).isEqualTo(200);
    assertThat(admin.get("/api/v1/jobs/anon").status()).isEqualTo(404);
  }

  @Test
  void rolesGrantReadingOperatingAndDefining() {
    assertThat(admin.post("/api/v1/jobs", job("roles-job", "team-r")).status()).isEqualTo(201);
    ApiClient viewer = admin.as(token("roles-viewer", "viewer", null));
    ApiClient operator = admin.as(token("roles-operator", "operator", null));

    assertThat(viewer.get("/api/v1/jobs/roles-job").status()).isEqualTo(200);
    assertError(viewer.post("/api/v1/jobs/roles-job/runs", "{}"), 403, "forbidden");
    assertError(viewer.post("/api/v1/jobs/roles-job/pause", ""), 403, "forbidden");

    ApiClient.Response run =
        operator.post("/api/v1/jobs/roles-job/runs", "{\"logicalTime\":\"2026-03-01T02:00:00Z\"}");
    assertThat(run.status()).as(run.body()).isEqualTo(201);
    assertThat(operator.post("/api/v1/jobs/roles-job/pause", "").status()).isEqualTo(200);
    assertError(operator.post("/api/v1/jobs", job("roles-other", "team-r")), 403, "forbidden");
    assertError(operator.delete("/api/v1/jobs/roles-job"), 403, "forbidden");
    assertError(operator.get("/api/v1/tokens"), 403, "forbidden");

    // The token's name is the author of what it changes.
    JsonNode versions = admin.get("/api/v1/jobs/roles-job/versions").json().get("items");
    assertThat(versions.findValuesAsText("author")).contains("bootstrap", "roles-operator");
  }

  @Test
  void ownerLimitedTokensReachOnlyTheirJobs() {
    assertThat(admin.post("/api/v1/jobs", job("own-a", "team-a")).status()).isEqualTo(201);
    assertThat(admin.post("/api/v1/jobs", job("own-b", "team-b")).status()).isEqualTo(201);
    ApiClient teamA = admin.as(token("team-a-ops", "operator", "[\"team-a\"]"));
    ApiClient teamAdmin = admin.as(token("team-a-admin", "admin", "[\"team-a\"]"));

    assertThat(teamA.post("/api/v1/jobs/own-a/runs", "{}").status()).isEqualTo(201);
    assertError(teamA.post("/api/v1/jobs/own-b/runs", "{}"), 403, "forbidden");
    assertError(teamA.get("/api/v1/jobs/own-b"), 403, "forbidden");
    assertThat(teamA.get("/api/v1/jobs").json().get("items").findValuesAsText("name"))
        .contains("own-a")
        .doesNotContain("own-b");
    assertThat(teamA.get("/api/v1/runs").json().get("items").findValuesAsText("job"))
        .doesNotContain("own-b");

    // A limited admin defines its own owners' jobs only, and cannot mint other tokens.
    assertThat(teamAdmin.post("/api/v1/jobs", job("own-a2", "team-a")).status()).isEqualTo(201);
    assertError(teamAdmin.post("/api/v1/jobs", job("own-b2", "team-b")), 403, "forbidden");
    assertError(teamAdmin.put("/api/v1/jobs/own-a2", job("own-a2", "team-b")), 403, "forbidden");
    assertError(
        teamAdmin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\"}"), 403, "forbidden");
  }

  @Test
  void tokensAreListedWithoutSecretsAndRevokedAtOnce() {
    String secret = token("short-lived", "viewer", null);
    ApiClient viewer = admin.as(secret);
    assertThat(viewer.get("/api/v1/jobs").status()).isEqualTo(200);

    String list = admin.get("/api/v1/tokens").body();
    assertThat(list).contains("\"short-lived\"").doesNotContain(secret).doesNotContain("hash");
    assertError(
        admin.post("/api/v1/tokens", "{\"name\":\"short-lived\",\"role\":\"viewer\"}"),
        409,
        "conflict");
    assertError(admin.post("/api/v1/tokens", "{\"name\":\"r\",\"role\":\"root\"}"), 400, "invalid");

    assertThat(admin.delete("/api/v1/tokens/short-lived").status()).isEqualTo(204);
    assertError(viewer.get("/api/v1/jobs"), 401, "unauthorized");
    assertError(admin.delete("/api/v1/tokens/short-lived"), 404, "not_found");
  }

  @Test
  void everyMutationIsAuditedWithWhoAndBeforeAndAfter() {
    assertThat(admin.post("/api/v1/jobs", job("audited", "team-x")).status()).isEqualTo(201);
    ApiClient operator = admin.as(token("audit-operator", "operator", null));
    assertThat(operator.post("/api/v1/jobs/audited/pause", "").status()).isEqualTo(200);
    assertError(
        operator.post("/api/v1/jobs/audited/runs", "{\"logicalTime\":\"nope\"}"), 400, "invalid");

    JsonNode items = admin.get("/api/v1/audit?job=audited").json().get("items");
    assertThat(items).hasSize(2); // the refused trigger changed nothing and is not recorded
    JsonNode pause = items.get(0);
    assertThat(pause.get("actor").asText()).isEqualTo("audit-operator");
    assertThat(pause.get("action").asText()).isEqualTo("POST /api/v1/jobs/{name}/pause");
    assertThat(pause.at("/before/spec/paused").asBoolean(false)).isFalse();
    assertThat(pause.at("/after/spec/paused").asBoolean()).isTrue();
    assertThat(pause.get("at").asText()).isNotBlank();
    assertThat(pause.get("status").asInt()).isEqualTo(200);
    JsonNode create = items.get(1);
    assertThat(create.get("actor").asText()).isEqualTo("bootstrap");
    assertThat(create.has("before")).isFalse(); // nothing existed before
    assertThat(create.at("/after/name").asText()).isEqualTo("audited");
    assertThat(create.get("status").asInt()).isEqualTo(201);

    assertThat(admin.get("/api/v1/audit?since=2999-01-01T00:00:00Z").json().get("items")).isEmpty();
    assertError(admin.get("/api/v1/audit?since=yesterday"), 400, "invalid");
    // Token creation is audited, its secret is not.
    String secret = token("audited-token", "viewer", null);
    assertThat(admin.get("/api/v1/audit?limit=50").body())
        .contains("audited-token")
        .doesNotContain(secret);
  }

  @Test
  void anIdempotencyKeyAnswersTheSameAndNeverRunsTwice() {
    assertThat(admin.post("/api/v1/jobs", job("idem", "team-i")).status()).isEqualTo(201);
    String body = "{\"params\":{\"batch\":\"7\"}}";
    ApiClient.Response first = admin.post("/api/v1/jobs/idem/runs", body, "Idempotency-Key", "k-1");
    ApiClient.Response again = admin.post("/api/v1/jobs/idem/runs", body, "Idempotency-Key", "k-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(admin.get("/api/v1/runs?job=idem").json().get("items")).hasSize(1);

    assertError(
        admin.post("/api/v1/jobs/idem/runs", "{}", "Idempotency-Key", "k-1"),
        422,
        "idempotency_key_reused");
    // Keys are per caller: another token's k-1 is its own request.
    ApiClient other = admin.as(token("idem-operator", "operator", null));
    assertThat(other.post("/api/v1/jobs/idem/runs", body, "Idempotency-Key", "k-1").body())
        .isNotEqualTo(first.body());
    assertThat(admin.get("/api/v1/runs?job=idem").json().get("items")).hasSize(2);

    String range = "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-03T23:00:00Z\"}";
    ApiClient.Response backfill =
        admin.post("/api/v1/jobs/idem/backfill", range, "Idempotency-Key", "bf-1");
    assertThat(backfill.status()).as(backfill.body()).isEqualTo(201);
    assertThat(
            admin
                .post("/api/v1/jobs/idem/backfill", range, "Idempotency-Key", "bf-1")
                .json()
                .get("id"))
        .isEqualTo(backfill.json().get("id"));
    // Only the first of the repeated requests is in the audit log.
    List<String> actions = new ArrayList<>();
    admin
        .get("/api/v1/audit?job=idem")
        .json()
        .get("items")
        .forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions)
        .containsExactly(
            "POST /api/v1/jobs/{name}/backfill",
            "POST /api/v1/jobs/{name}/runs",
            "POST /api/v1/jobs/{name}/runs",
            "POST /api/v1/jobs");

    assertError(
        admin.post("/api/v1/jobs/idem/runs", body, "Idempotency-Key", "bad key"), 400, "invalid");
  }

  @Test
  void theTokenCommandsCreateListAndRevoke() {
    String url = "http://127.0.0.1:" + server.port();
    CliRun created =
        CliRun.of(
            "token",
            "create",
            "cli-ops",
            "--role",
            "operator",
            "--owner",
            "team-c",
            "--server",
            url,
            "--token",
            ADMIN_SECRET);
    assertThat(created.exit()).as(created.toString()).isZero();
    String secret = created.out().strip();
    assertThat(admin.as(secret).get("/api/v1/jobs").status()).isEqualTo(200);

    CliRun listed = CliRun.of("token", "list", "--server", url, "--token", ADMIN_SECRET);
    assertThat(listed.out()).contains("cli-ops\toperator\t[\"team-c\"]").doesNotContain(secret);
    CliRun refused = CliRun.of("token", "list", "--server", url, "--token", secret);
    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("admin");

    CliRun revoked =
        CliRun.of("token", "revoke", "cli-ops", "--server", url, "--token", ADMIN_SECRET);
    assertThat(revoked.exit()).as(revoked.toString()).isZero();
    assertThat(admin.as(secret).get("/api/v1/jobs").status()).isEqualTo(401);
  }

  @Test
  void withoutAuthTheServerStartsOnlyOnLoopback() {
    assertThat(AuthMode.tokensRequired(null, "127.0.0.1")).isFalse();
    assertThat(AuthMode.tokensRequired("token", "0.0.0.0")).isTrue();
    assertThatThrownBy(() -> AuthMode.tokensRequired(null, "0.0.0.0"))
        .hasMessageContaining("--auth")
        .hasMessageContaining("--bind");
    assertThatThrownBy(() -> AuthMode.tokensRequired("none", "0.0.0.0"))
        .hasMessageContaining("--auth none")
        .hasMessageContaining("--bind");
    assertThatThrownBy(() -> AuthMode.tokensRequired("ldap", "127.0.0.1"))
        .hasMessageContaining("--auth");
    CliRun refused =
        CliRun.of(
            "server",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--data-dir",
            SERVER.dataDir().resolve("refused").toString());
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err().strip()).doesNotContain("\n").contains("--auth").contains("--bind");
  }
}
