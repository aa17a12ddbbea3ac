package io.hydra.web.cli.jobs;

/** A problem located in a job file, printed as {@code file:line: field: message}. */
public record Problem(String file, int line, String field, String message) {

  public String format() {
    String where = file + ":" + line + ": ";
    return field == null || field.isEmpty() ? where + message : where + field + ": " + message;
  }
}
