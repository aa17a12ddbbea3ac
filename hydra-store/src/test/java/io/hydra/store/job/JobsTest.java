package io.hydra.store.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.job.JobSpec;
import io.hydra.store.Store;
import io.hydra.store.error.ConflictException;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobsTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static JobSpec spec(String name, String command) {
    return JobSpecReader.fromYaml(
        "name: " + name + "\nschedule: {cron: '0 2 * * *'}\ntask: {command: '" + command + "'}\n");
  }

  @Test
  void everyChangeIsANewVersionAndUnchangedSpecsAreNot() {
    store.useTransaction(tx -> tx.jobs().create(spec("v", "echo 1"), "alice", null, NOW));
    store.useTransaction(
        tx -> tx.jobs().update(spec("v", "echo 2"), "updated", "bob", "git:abc", NOW));
    StoredJob same =
        store.inTransaction(
            tx -> tx.jobs().update(spec("v", "echo 2"), "updated", "bob", null, NOW));

    assertThat(same.version()).isEqualTo(2);
    assertThat(same.spec().task().command()).isEqualTo("echo 2");
    java.util.List<JobVersion> versions = read(tx -> tx.jobs().versions("v"));
    assertThat(versions)
        .extracting(JobVersion::version, JobVersion::author, JobVersion::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "bob", "git:abc"),
            org.assertj.core.groups.Tuple.tuple(1, "alice", null));
  }

  @Test
  void creatingAnExistingJobConflicts() {
    store.useTransaction(tx -> tx.jobs().create(spec("dup", "true"), "alice", null, NOW));
    assertThatThrownBy(
            () -> store.useTransaction(tx -> tx.jobs().create(spec("dup", "true"), "a", null, NOW)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("dup");
  }

  @Test
  void deletionKeepsHistoryAndARecreatedJobContinuesVersions() {
    store.useTransaction(tx -> tx.jobs().create(spec("gone", "true"), "alice", null, NOW));
    store.useTransaction(tx -> tx.jobs().delete("gone", "alice", null, NOW));
    java.util.Optional<StoredJob> deleted = read(tx -> tx.jobs().get("gone"));
    assertThat(deleted).isEmpty();

    StoredJob again =
        store.inTransaction(tx -> tx.jobs().create(spec("gone", "true"), "alice", null, NOW));
    assertThat(again.version()).isEqualTo(3);
    java.util.List<JobVersion> history = read(tx -> tx.jobs().versions("gone"));
    assertThat(history)
        .extracting(JobVersion::change)
        .containsExactly("created", "deleted", "created");
  }

  @Test
  void scheduleAdvanceIsConditionalOnTheExpectedFire() {
    store.useTransaction(tx -> tx.jobs().create(spec("sched", "true"), "alice", null, NOW));
    Instant first = Instant.parse("2026-01-01T02:00:00Z");
    Instant second = Instant.parse("2026-01-02T02:00:00Z");
    store.useTransaction(tx -> tx.schedules().put("sched", first));

    boolean advanced = store.inTransaction(tx -> tx.schedules().advance("sched", first, second));
    boolean stale = store.inTransaction(tx -> tx.schedules().advance("sched", first, second));

    assertThat(advanced).isTrue();
    assertThat(stale).isFalse();
    java.util.Optional<Instant> next = read(tx -> tx.schedules().nextFire("sched"));
    assertThat(next).contains(second);
  }

  /**
   * The part of the graph a job's check reads: upstreams given by name or as {job, within}, through
   * several levels, not the jobs downstream or beside; a cycle in stored data (the store itself
   * does not check the graph) ends the walk; names not stored are left out.
   */
  @Test
  void withUpstreamsReadsWhatTheNamedJobsWaitForTransitively() {
    store.useTransaction(
        tx -> {
          tx.jobs().create(spec("up-root", "true"), "alice", null, NOW);
          tx.jobs().create(after("up-mid", "[up-root]"), "alice", null, NOW);
          tx.jobs()
              .create(after("up-leaf", "[{job: up-mid, within: PT1H}, up-gone]"), "a", null, NOW);
          tx.jobs().create(after("up-beside", "[up-root]"), "alice", null, NOW);
          tx.jobs().create(after("up-cycle-a", "[up-cycle-b]"), "alice", null, NOW);
          tx.jobs().create(after("up-cycle-b", "[up-cycle-a]"), "alice", null, NOW);
        });

    assertThat(withUpstreams("up-leaf")).containsExactly("up-leaf", "up-mid", "up-root");
    assertThat(withUpstreams("up-mid", "up-nobody")).containsExactly("up-mid", "up-root");
    assertThat(withUpstreams("up-cycle-a")).containsExactly("up-cycle-a", "up-cycle-b");
    assertThat(withUpstreams()).isEmpty();
  }

  @Test
  void dependentsOfFindsTheJobsThatNameAJobInEitherForm() {
    store.useTransaction(
        tx -> {
          tx.jobs().create(spec("dep-root", "true"), "alice", null, NOW);
          tx.jobs().create(after("dep-plain", "[dep-root]"), "alice", null, NOW);
          tx.jobs().create(after("dep-within", "[{job: dep-root, within: PT1H}]"), "a", null, NOW);
          tx.jobs().create(after("dep-other", "[dep-plain]"), "alice", null, NOW);
          tx.jobs().create(after("dep-prefix", "[dep-plain]"), "alice", null, NOW);
          tx.jobs().create(spec("dep-root-2", "echo dep-root"), "alice", null, NOW);
        });

    assertThat(dependentsOf("dep-root")).containsExactly("dep-plain", "dep-within");
    assertThat(dependentsOf("dep-plain")).containsExactly("dep-other", "dep-prefix");
    assertThat(dependentsOf("dep-pla")).isEmpty();
    assertThat(dependentsOf("dep-within")).isEmpty();
  }

  private static java.util.List<String> dependentsOf(String name) {
    return store.read(tx -> tx.jobs().dependentsOf(name));
  }

  private static java.util.List<String> withUpstreams(String... names) {
    java.util.List<StoredJob> part =
        store.read(tx -> tx.jobs().withUpstreams(java.util.List.of(names)));
    return part.stream().map(StoredJob::name).toList();
  }

  private static JobSpec after(String name, String after) {
    return JobSpecReader.fromYaml(
        "name: " + name + "\nafter: " + after + "\ntask: {command: 'true'}\n");
  }

  private static <T> T read(java.util.function.Function<io.hydra.store.Tx, T> work) {
    return store.read(work);
  }
}
