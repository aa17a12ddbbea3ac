package io.hydra.web.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The pieces of the on-call commands that need no server: split characters and "since". */
class FollowTextTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void aCharacterSplitBetweenTwoPiecesIsPrintedWholeWithTheSecond() {
    byte[] text = "naïve €5 🙂\n".getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= text.length; cut++) {
      Utf8Text follower = new Utf8Text();
      String printed =
          follower.append(Arrays.copyOfRange(text, 0, cut))
              + follower.append(Arrays.copyOfRange(text, cut, text.length))
              + follower.rest();
      assertThat(printed).as("cut at byte " + cut).isEqualTo("naïve €5 🙂\n");
    }
    Utf8Text follower = new Utf8Text();
    assertThat(follower.append(new byte[] {'a', (byte) 0xe2, (byte) 0x82})).isEqualTo("a");
    assertThat(follower.rest()).as("a broken end is shown, not lost").isNotEmpty();
  }

  @Test
  void sinceIsAnInstantOrATimeAgo() {
    assertThat(Since.parse("--since", "2026-03-01T00:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(Since.parse("--since", "30m", NOW)).isEqualTo(NOW.minusSeconds(1800));
    assertThat(Since.parse("--since", "12h", NOW)).isEqualTo(NOW.minusSeconds(12 * 3600));
    assertThat(Since.parse("--since", "7d", NOW)).isEqualTo(NOW.minusSeconds(7 * 86400));
    assertThat(Since.parse("--since", "PT2H", NOW)).isEqualTo(NOW.minusSeconds(7200));
    assertThat(Since.parse("--since", "P1D", NOW)).isEqualTo(NOW.minusSeconds(86400));
    for (String bad : new String[] {"yesterday", "P1M", "5w", ""}) {
      assertThatThrownBy(() -> Since.parse("--since", bad, NOW))
          .as(bad)
          .isInstanceOf(ClientException.class)
          .hasMessageStartingWith("--since: '" + bad + "'");
    }
  }
}
