package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A new leader re-reads the definitions only if they changed since it last read them all. */
class JobCatalogTest extends EngineFixture {

  private static final String JOB =
      "name: %s\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n";

  @Test
  void reloadsOnlyAfterAJobWasCreatedChangedOrDeleted() {
    JobCatalog catalog = new JobCatalog();
    define(JOB.formatted("a"));
    catalog.reload(store);
    assertThat(catalog.reloadIfChanged(store)).isFalse();

    define(JOB.formatted("b"));
    assertThat(catalog.reloadIfChanged(store)).isTrue();
    assertThat(catalog.job("b")).isPresent();
    assertThat(catalog.reloadIfChanged(store)).isFalse();

    jobs.setPaused("a", true, "test");
    assertThat(catalog.reloadIfChanged(store)).isTrue();
    assertThat(catalog.spec("a").orElseThrow().pausedFlag()).isTrue();

    jobs.delete("b", "test");
    assertThat(catalog.reloadIfChanged(store)).isTrue();
    assertThat(catalog.job("b")).isEmpty();

    catalog.reload(store, "a"); // a partial reload leaves the catalog's age unknown
    assertThat(catalog.reloadIfChanged(store)).isTrue();
  }
}
