package io.hydra.scheduler.launch;

/** Which output of a task. */
public enum LogStream {
  STDOUT,
  STDERR
}
