package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.queue.FairShare;
import io.hydra.scheduler.launch.LaunchRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tasks waiting for offers are matched in the dispatcher's order, not in arrival order: a backlog
 * one owner handed over first does not take every offer before another owner's task.
 */
class TaskBookOrderTest {

  private static QueuedTask task(String id, String owner, int priority) {
    LaunchRequest r =
        new LaunchRequest(
            id,
            "job-" + owner,
            "true",
            null,
            Map.of(),
            0.1,
            32,
            0,
            0,
            null,
            null,
            Map.of(),
            List.of(),
            priority,
            owner);
    return new QueuedTask(r, List.of());
  }

  private static List<String> order(TaskBook book, FairShare share) {
    return book.queueInOrder(share).stream().map(QueuedTask::taskId).toList();
  }

  @Test
  void anotherOwnersTaskIsMatchedAmongTheFirstOfABacklog() {
    TaskBook book = new TaskBook();
    for (int i = 1; i <= 4; i++) {
      book.queue.put("a" + i, task("a" + i, "flood", 0));
    }
    book.queue.put("b1", task("b1", "etl", 0));
    assertThat(order(book, FairShare.equal())).containsExactly("a1", "b1", "a2", "a3", "a4");
  }

  @Test
  void priorityFirstThenWeights() {
    TaskBook book = new TaskBook();
    book.queue.put("a1", task("a1", "a", 0));
    book.queue.put("a2", task("a2", "a", 0));
    book.queue.put("a3", task("a3", "a", 0));
    book.queue.put("b1", task("b1", "b", 0));
    book.queue.put("b2", task("b2", "b", 0));
    book.queue.put("urgent", task("urgent", "b", 9));
    assertThat(order(book, new FairShare(Map.of("a", 2.0))))
        .containsExactly("urgent", "a1", "a2", "a3", "b1", "b2"); // urgent counts in b's share
  }

  @Test
  void oneOwnerOfOnePriorityKeepsArrivalOrder() {
    TaskBook book = new TaskBook();
    book.queue.put("x2", task("x2", "o", 0));
    book.queue.put("x1", task("x1", "o", 0));
    assertThat(order(book, FairShare.equal())).containsExactly("x2", "x1");
  }
}
