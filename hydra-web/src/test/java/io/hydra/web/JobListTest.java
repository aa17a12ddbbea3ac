package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job list keeps what it shows of each version of a job (JobService's listings): two instances
 * on one database, each changing the job in turn, must list every new version at once, secrets
 * masked, each entry exactly what GET of the job shows.
 */
class JobListTest {

  @TempDir static Path dataDirA;
  @TempDir static Path dataDirB;
  private static HydraServer serverA;
  private static HydraServer serverB;
  private static ApiClient a;
  private static ApiClient b;

  @BeforeAll
  static void start() {
    String db = TestDatabase.createDatabase("hydra_job_list_" + ProcessHandle.current().pid());
    serverA = start(dataDirA, db);
    serverB = start(dataDirB, db);
    a = new ApiClient(serverA.port());
    b = new ApiClient(serverB.port());
  }

  private static HydraServer start(Path dataDir, String db) {
    return new HydraServer(TestServer.config(dataDir, db)).start();
  }

  @AfterAll
  static void stop() {
    serverA.close();
    serverB.close();
  }

  private static String spec(String name, String command, String secret, boolean scheduled) {
    return "{\"name\":\""
        + name
        + "\",\"paused\":true"
        + (scheduled ? ",\"schedule\":{\"cron\":\"0 2 * * *\"}" : ",\"after\":[\"jl-base\"]")
        + ",\"task\":{\"command\":\""
        + command
        + "\",\"env\":{\"TOKEN\":\""
        + secret
        + "\",\"MODE\":\"prod\"},\"secrets\":[\"TOKEN\"]}}";
  }

  /** The list entry of {@code name} on this instance, checked against GET of the job. */
  private static JsonNode listed(ApiClient api, String name) {
    ApiClient.Response list = api.get("/api/v1/jobs?q=jl-");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("s3cret").doesNotContain("n3w-secret");
    JsonNode entry = null;
    for (JsonNode item : list.json().get("items")) {
      if (item.get("name").asText().equals(name)) {
        entry = item;
      }
    }
    assertThat(entry).as(name + " in " + list.body()).isNotNull();
    // Same fields, values and order as the job's own view.
    assertThat(entry.toString()).isEqualTo(api.get("/api/v1/jobs/" + name).json().toString());
    return entry;
  }

  private static void succeeds(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isBetween(200, 204);
  }

  @Test
  void everyInstanceListsEachNewVersionMasked() {
    succeeds(a.post("/api/v1/jobs", spec("jl-base", "echo 0", "s3cret", true)));
    succeeds(a.post("/api/v1/jobs", spec("jl-one", "echo 1", "s3cret", true)));
    succeeds(a.post("/api/v1/jobs", spec("jl-two", "echo 2", "s3cret", false)));

    JsonNode first = listed(a, "jl-one");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("nextFireAt").isTextual()).isTrue();
    assertThat(first.at("/spec/task/env/TOKEN").asText()).isEqualTo("***");
    assertThat(listed(b, "jl-one")).isEqualTo(first);
    assertThat(listed(b, "jl-two").has("nextFireAt")).isFalse();

    // Changed on B, after both instances listed (and kept) version 1.
    succeeds(b.put("/api/v1/jobs/jl-one", spec("jl-one", "echo 1b", "n3w-secret", false)));
    for (ApiClient api : new ApiClient[] {a, b}) {
      JsonNode second = listed(api, "jl-one");
      assertThat(second.get("version").asInt()).isEqualTo(2);
      assertThat(second.at("/spec/task/command").asText()).isEqualTo("echo 1b");
      assertThat(second.at("/spec/task/env/TOKEN").asText()).isEqualTo("***");
      assertThat(second.has("nextFireAt")).isFalse();
    }

    // Resumed on A: a new version too.
    succeeds(a.post("/api/v1/jobs/jl-two/resume", "{}"));
    assertThat(listed(b, "jl-two").at("/spec/paused").asBoolean()).isFalse();

    // Deleted and created again on B: the numbers go on, and A lists the new job.
    succeeds(b.delete("/api/v1/jobs/jl-one"));
    succeeds(b.post("/api/v1/jobs", spec("jl-one", "echo 1c", "s3cret", true)));
    JsonNode again = listed(a, "jl-one");
    assertThat(again.get("version").asInt()).isEqualTo(4);
    assertThat(again.at("/spec/task/command").asText()).isEqualTo("echo 1c");
    assertThat(again.get("nextFireAt").isTextual()).isTrue();
    assertThat(again.get("createdAt")).isNotEqualTo(first.get("createdAt"));
  }
}
