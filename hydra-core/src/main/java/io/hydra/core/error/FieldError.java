package io.hydra.core.error;

/** One problem with user input: the field's path (e.g. {@code schedule.cron}) and the reason. */
public record FieldError(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
