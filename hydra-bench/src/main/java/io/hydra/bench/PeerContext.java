package io.hydra.bench;

/** What every peer gets: the options, where task bodies report, and its own fresh database. */
record PeerContext(
    BenchOptions options, Recorder recorder, BenchPostgres postgres, String database) {

  int poolSize() {
    return options.threads() + 2;
  }
}
