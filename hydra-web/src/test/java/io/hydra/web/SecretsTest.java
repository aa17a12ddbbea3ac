package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets referenced from task.env reach the task, and nothing the API answers. */
class SecretsTest {

  private static final String VALUE = "s3cr3t-Value-42";

  @TempDir static Path dataDir;
  private static HydraServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() throws IOException {
    Path secrets = dataDir.resolve("secrets.properties");
    Files.writeString(secrets, "db.password=" + VALUE + "\n");
    String db = TestDatabase.createDatabase("hydra_secrets_" + ProcessHandle.current().pid());
    server = new HydraServer(new ServerConfig(dataDir, "127.0.0.1", 0, TestDatabase.url(db),
        "postgres", "postgres", null).withSecretsFile(secrets)).start();
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String job(String name, String secret) {
    return "{\"name\":\"" + name + "\",\"schedule\":{\"cron\":\"0 2 * * *\"},\"task\":{"
        + "\"command\":\"echo pw=$DB_PASSWORD\",\"env\":{\"DB_PASSWORD\":\"${secret:" + secret
        + "}\"}}}";
  }

  @Test
  void theTaskGetsTheValueAndNoAnswerShowsIt() {
    assertThat(api.post("/api/v1/jobs", job("s-uses", "db.password")).status()).isEqualTo(201);
    long id = api.post("/api/v1/jobs/s-uses/runs", "{}").json().get("id").asLong();
    api.awaitJson("the run succeeds", "/api/v1/runs/" + id, Duration.ofSeconds(60),
        run -> run.get("state").asText().equals("succeeded"));
    assertThat(api.get("/api/v1/runs/" + id + "/attempts/1/log").body()).contains("pw=" + VALUE);

    for (String path : new String[] {"/api/v1/jobs", "/api/v1/jobs/s-uses",
        "/api/v1/jobs/s-uses/versions", "/api/v1/runs/" + id, "/api/v1/audit"}) {
      assertThat(api.get(path).body()).as(path).doesNotContain(VALUE);
    }
    assertThat(api.get("/api/v1/jobs/s-uses").body()).contains("${secret:db.password}");
  }

  @Test
  void anUnknownSecretFailsTheAttemptNamingIt() {
    assertThat(api.post("/api/v1/jobs", job("s-missing", "nope")).status()).isEqualTo(201);
    long id = api.post("/api/v1/jobs/s-missing/runs", "{}").json().get("id").asLong();
    JsonNode run = api.awaitJson("the run fails", "/api/v1/runs/" + id, Duration.ofSeconds(60),
        r -> r.get("state").asText().equals("failed"));
    assertThat(run.toString()).contains("no secret named 'nope'");
  }
}
