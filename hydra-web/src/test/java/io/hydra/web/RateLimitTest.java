package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.TestDatabase;
import io.hydra.web.auth.RateLimiter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-caller token bucket, alone and in front of the API. */
class RateLimitTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBucketAllowsItsBurstThenItsRate() {
    RateLimiter limiter = new RateLimiter(2, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("a", 0)).isZero();
    }
    assertThat(limiter.acquire("a", 0)).isEqualTo(1);
    assertThat(limiter.acquire("b", 0)).as("callers have their own buckets").isZero();
    assertThat(limiter.acquire("a", SECOND / 2)).as("half a second refills one").isZero();
    assertThat(limiter.acquire("a", SECOND / 2)).isPositive();
    assertThat(new RateLimiter(0, 1).acquire("a", 0)).as("0 means no limit").isZero();
  }

  @Test
  void tooManyRequestsAre429WithRetryAfter(@TempDir Path dataDir) {
    String db = TestDatabase.createDatabase("hydra_rate_" + ProcessHandle.current().pid());
    try (HydraServer server =
        new HydraServer(TestServer.config(dataDir, db).withRateLimit(0.01, 5)).start()) {
      ApiClient api = new ApiClient(server.port());
      for (int i = 0; i < 5; i++) {
        assertThat(api.get("/api/v1/jobs").status()).isEqualTo(200);
      }
      ApiClient.Response limited = api.get("/api/v1/jobs");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.json().at("/error/code").asText()).isEqualTo("rate_limited");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
      assertThat(api.get("/api/v1/health").status()).as("health is never limited").isEqualTo(200);
    }
  }
}
