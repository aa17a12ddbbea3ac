package io.hydra.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffGrowsGeometricallyUpToTheCap() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(3));

    assertThat(p.delayBeforeRetry(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.delayBeforeRetry(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delayBeforeRetry(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.delayBeforeRetry(4)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void maxCountsRetriesNotAttempts() {
    RetryPolicy p = new RetryPolicy(2, Duration.ZERO, 1.0, null);

    assertThat(p.allowsRetryAfter(1)).isTrue();
    assertThat(p.allowsRetryAfter(2)).isTrue();
    assertThat(p.allowsRetryAfter(3)).isFalse();
    assertThat(RetryPolicy.NONE.allowsRetryAfter(1)).isFalse();
  }

  @Test
  void defaultsAreFilledByNormalisation() {
    RetryPolicy p = new RetryPolicy(3, null, null, null).normalized();

    assertThat(p.delay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.backoff()).isEqualTo(2.0);
  }
}
