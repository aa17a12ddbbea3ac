package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Secrets referenced from task.env reach the task, and nothing the API answers. */
class SecretsTest {

  private static final String VALUE = "s3cr3t-Value-42";

  @RegisterExtension
  static final TestServer SERVER = TestServer.with(c -> c.withSecretsFile(secretsIn(c.dataDir())));

  private static ApiClient api;

  private static Path secretsIn(Path dataDir) {
    Path secrets = dataDir.resolve("secrets.properties");
    try {
      Files.writeString(secrets, "db.password=" + VALUE + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return secrets;
  }

  @BeforeAll
  static void start() {
    api = SERVER.api();
  }

  private static String job(String name, String secret) {
    return "{\"name\":\""
        + name
        + "\",\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{"
        + "\"command\":\"echo pw=$DB_PASSWORD\",\"env\":{\"DB_PASSWORD\":\"${secret:"
        + secret
        + "}\"}}}";
  }

  @Test
  void theTaskGetsTheValueAndNoAnswerShowsIt() {
    assertThat(api.post("/api/v1/jobs", job("s-uses", "db.password")).status()).isEqualTo(201);
    long id = api.post("/api/v1/jobs/s-uses/runs", "{}").json().get("id").asLong();
    api.awaitJson(
        "the run succeeds",
        "/api/v1/runs/" + id,
        Duration.ofSeconds(60),
        run -> run.get("state").asText().equals("succeeded"));
    assertThat(api.get("/api/v1/runs/" + id + "/attempts/1/log").body()).contains("pw=" + VALUE);

    for (String path :
        new String[] {
          "/api/v1/jobs",
          "/api/v1/jobs/s-uses",
          "/api/v1/jobs/s-uses/versions",
          "/api/v1/runs/" + id,
          "/api/v1/audit"
        }) {
      assertThat(api.get(path).body()).as(path).doesNotContain(VALUE);
    }
    assertThat(api.get("/api/v1/jobs/s-uses").body()).contains("${secret:db.password}");
  }

  @Test
  void anUnknownSecretFailsTheAttemptNamingIt() {
    assertThat(api.post("/api/v1/jobs", job("s-missing", "nope")).status()).isEqualTo(201);
    long id = api.post("/api/v1/jobs/s-missing/runs", "{}").json().get("id").asLong();
    JsonNode run =
        api.awaitJson(
            "the run fails",
            "/api/v1/runs/" + id,
            Duration.ofSeconds(60),
            r -> r.get("state").asText().equals("failed"));
    assertThat(run.toString()).contains("no secret named 'nope'");
  }

  private static String declared(String name, String key) {
    return "{\"name\":\""
        + name
        + "\",\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{"
        + "\"command\":\"echo key=$API_KEY mode=$MODE\",\"env\":{\"API_KEY\":\""
        + key
        + "\",\"MODE\":\"prod\"},\"secrets\":[\"API_KEY\"]}}";
  }

  private static String runAndLog(String job) {
    long id =
        api.post(
                "/api/v1/jobs/" + job + "/runs",
                "{\"params\":{\"n\":\"" + System.nanoTime() + "\"}}")
            .json()
            .get("id")
            .asLong();
    api.awaitJson(
        "the run succeeds",
        "/api/v1/runs/" + id,
        Duration.ofSeconds(60),
        run -> run.get("state").asText().equals("succeeded"));
    return api.get("/api/v1/runs/" + id + "/attempts/1/log").body();
  }

  @Test
  void aDeclaredSecretReachesTheTaskIsMaskedEverywhereAndSurvivesARoundTrip() {
    String key = "k-Declared-99";
    ApiClient.Response created = api.post("/api/v1/jobs", declared("s-declared", key));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(key).contains("\"API_KEY\":\"***\"");
    assertThat(runAndLog("s-declared")).contains("key=" + key + " mode=prod");

    // What a user fetched (masked) goes back with one other change: the secret is kept.
    JsonNode fetched = api.get("/api/v1/jobs/s-declared").json().get("spec");
    String edited = fetched.toString().replace("mode=$MODE", "mode=$MODE again");
    ApiClient.Response put = api.put("/api/v1/jobs/s-declared", edited);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(runAndLog("s-declared")).contains("key=" + key + " mode=prod again");

    // A new value replaces it; an apply plan says so without showing either value.
    ApiClient.Response plan =
        api.post(
            "/api/v1/apply",
            "{\"dryRun\":true,\"jobs\":[" + declared("s-declared", "k-New-1") + "]}");
    assertThat(plan.status()).as(plan.body()).isEqualTo(200);
    assertThat(plan.body()).contains("*** (changed)").doesNotContain("k-New-1").doesNotContain(key);

    for (String path :
        new String[] {
          "/api/v1/jobs",
          "/api/v1/jobs/s-declared",
          "/api/v1/jobs/s-declared/versions",
          "/api/v1/audit?limit=1000"
        }) {
      assertThat(api.get(path).body()).as(path).doesNotContain(key);
    }
  }

  @Test
  void aMaskWithNothingStoredIsRefusedNamingTheKey() {
    ApiClient.Response refused = api.post("/api/v1/jobs", declared("s-masked", "***"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/error/fields/0/field").asText()).isEqualTo("task.env.API_KEY");
    assertThat(api.get("/api/v1/jobs/s-masked").status()).isEqualTo(404);

    ApiClient.Response undeclared =
        api.post(
            "/api/v1/jobs",
            "{\"name\":\"s-undeclared\","
                + "\"schedule\":{\"cron\":\"@daily\"},"
                + "\"task\":{\"command\":\"true\",\"secrets\":[\"NOPE\"]}}");
    assertThat(undeclared.status()).isEqualTo(400);
    assertThat(undeclared.json().at("/error/fields").findValuesAsText("field"))
        .containsExactly("task.secrets[0]");
  }
}
