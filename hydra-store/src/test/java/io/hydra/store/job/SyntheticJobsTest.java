package io.hydra.store.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import io.hydra.store.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntheticJobsTest {

  private static final String UPSTREAM = "UPSTREAM";

  private static String spec(String rest) {
    return Json.write(
        JobSpecReader.fromYaml(
            "name: job-x\nowner: bench\n" + rest + "\ntask: {command: 'true'}\n"));
  }

  @Test
  void everyTenthJobIsScheduledAndTheOthersFollowIt() {
    try (Database db = TestDatabase.create()) {
      Store store = db.store();

      store.useTransaction(
          tx ->
              tx.syntheticJobs()
                  .insert(
                      20,
                      spec("schedule: {cron: '0 2 * * *'}"),
                      spec("after: [" + UPSTREAM + "]"),
                      UPSTREAM));

      List<StoredJob> jobs = store.read(tx -> tx.jobs().list());
      assertThat(jobs).hasSize(20);
      StoredJob dependent = store.read(tx -> tx.jobs().get("job-13")).orElseThrow();
      assertThat(dependent.spec().name()).isEqualTo("job-13");
      assertThat(dependent.spec().after()).extracting(u -> u.job()).containsExactly("job-10");
      assertThat(store.<List<JobVersion>>read(tx -> tx.jobs().versions("job-13"))).hasSize(1);
      assertThat(store.<Optional<Instant>>read(tx -> tx.schedules().nextFire("job-10")))
          .isPresent();
      assertThat(store.<Optional<Instant>>read(tx -> tx.schedules().nextFire("job-13"))).isEmpty();
    }
  }
}
