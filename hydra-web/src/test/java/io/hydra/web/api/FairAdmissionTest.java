package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.testing.Await;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FairAdmissionTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final FairAdmission admission = new FairAdmission(2);
  private final List<Integer> entered = new CopyOnWriteArrayList<>();
  private final Map<Integer, CountDownLatch> done = new ConcurrentHashMap<>();
  private final AtomicInteger working = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @Test
  void requestsBeyondTheTurnsWorkInArrivalOrderTwoAtATime() throws Exception {
    List<Thread> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      requests.add(request(i));
      int arrived = i + 1;
      if (arrived <= 2) {
        Await.until(arrived + " working", DEADLINE, () -> entered.size() == arrived);
      } else {
        Await.until((arrived - 2) + " waiting", DEADLINE, () -> admission.waiting() == arrived - 2);
      }
    }
    assertThat(entered).containsExactly(0, 1);
    for (int i = 0; i < 6; i++) {
      done.get(i).countDown();
      int next = Math.min(i + 3, 6);
      Await.until(next + " entered", DEADLINE, () -> entered.size() == next);
    }
    for (Thread request : requests) {
      request.join(DEADLINE.toMillis());
    }
    assertThat(entered).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void aRequestInterruptedWhileWaitingIsTurnedAwayAndTakesNoTurn() throws Exception {
    // One after the other, so that the order entered is known.
    Thread first = request(0);
    Await.until("one working", DEADLINE, () -> entered.size() == 1);
    Thread second = request(1);
    Await.until("two working", DEADLINE, () -> entered.size() == 2);
    List<Integer> errors = new CopyOnWriteArrayList<>();
    Thread third =
        new Thread(
            () -> {
              try {
                admission.doFilter(null, response(errors), (rq, rs) -> entered.add(2));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    third.start();
    Await.until("the third waits", DEADLINE, () -> admission.waiting() == 1);
    third.interrupt();
    third.join(DEADLINE.toMillis());
    assertThat(errors).containsExactly(503);
    done.get(0).countDown();
    Thread fourth = request(3);
    Await.until("the fourth works", DEADLINE, () -> entered.contains(3));
    assertThat(entered).containsExactly(0, 1, 3);
    done.get(1).countDown();
    done.get(3).countDown();
    for (Thread t : List.of(first, second, fourth)) {
      t.join(DEADLINE.toMillis());
    }
  }

  /** A request that works until {@code done.get(id)} is counted down. */
  private Thread request(int id) {
    CountDownLatch finish = new CountDownLatch(1);
    done.put(id, finish);
    Thread thread =
        new Thread(
            () -> {
              try {
                admission.doFilter(
                    null,
                    null,
                    (rq, rs) -> {
                      entered.add(id);
                      mostAtOnce.accumulateAndGet(working.incrementAndGet(), Math::max);
                      try {
                        finish.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      } finally {
                        working.decrementAndGet();
                      }
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "request-" + id);
    thread.start();
    return thread;
  }

  /** A response that records the status of each error sent. */
  private static HttpServletResponse response(List<Integer> errors) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            FairAdmissionTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
              if (method.getName().equals("sendError")) {
                errors.add((Integer) args[0]);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
