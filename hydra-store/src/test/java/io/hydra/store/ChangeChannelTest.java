package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One LISTEN connection serves every subscriber, each hearing only its channel. */
class ChangeChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void subscribersHearTheirChannelUntilTheyUnsubscribe() throws Exception {
    try (Database db = TestDatabase.create();
        ChangeChannel channel = new ChangeChannel(db.store())) {
      Store store = db.store();
      List<String> everything = new CopyOnWriteArrayList<>();
      List<String> changes = new CopyOnWriteArrayList<>();
      List<String> runEvents = new CopyOnWriteArrayList<>();
      List<String> leaving = new CopyOnWriteArrayList<>();
      channel.subscribe(ChangeChannel.CHANNEL, everything::add);
      channel.subscribe(ChangeChannel.CHANNEL, notified(changes));
      channel.subscribe(ChangeChannel.RUN_EVENTS, runEvents::add);
      AutoCloseable left = channel.subscribe(ChangeChannel.CHANNEL, notified(leaving));
      channel.start();

      // Published until heard: the listener may not have said LISTEN yet.
      Await.until("the first change is heard", WAIT, () -> heard(store, changes, "wake"));
      store.useTransaction(
          tx -> tx.handle().execute("select pg_notify(?, ?)", ChangeChannel.RUN_EVENTS, ""));
      Await.until("the run event is heard", WAIT, () -> runEvents.contains(""));
      assertThat(changes).containsOnly("wake");
      assertThat(leaving).containsOnly("wake");

      left.close();
      ChangeChannel.publish(store, "job:etl");
      Await.until("the second change is heard", WAIT, () -> changes.contains("job:etl"));
      // Subscribers of one notification are called in turn, so the one that left had it by now.
      assertThat(leaving).doesNotContain("job:etl");
      assertThat(runEvents).containsOnly("");
      assertThat(everything)
          .as("listening began with a resync, for what was notified while nobody listened")
          .startsWith(ChangeChannel.RESYNC);
    }
  }

  /** Records what was notified, leaving out the resync that listening (again) begins with. */
  private static Consumer<String> notified(List<String> into) {
    return payload -> {
      if (!payload.equals(ChangeChannel.RESYNC)) {
        into.add(payload);
      }
    };
  }

  @Test
  void onlyHydrasChannelsCanBeSubscribedTo() {
    try (Database db = TestDatabase.create();
        ChangeChannel channel = new ChangeChannel(db.store())) {
      assertThatThrownBy(() -> channel.subscribe("other", payload -> {}))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static boolean heard(Store store, List<String> heard, String payload) {
    if (!heard.isEmpty()) {
      return heard.contains(payload);
    }
    ChangeChannel.publish(store, payload);
    return false;
  }
}
