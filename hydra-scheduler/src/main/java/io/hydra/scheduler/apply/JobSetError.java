package io.hydra.scheduler.apply;

import io.hydra.core.error.FieldError;

/**
 * One problem in a job set: which entry ({@code index} into the submitted list, or -1 for a job
 * already on the server that was not submitted), the job's name when known, the field within the
 * job (e.g. {@code schedule.cron}, empty for the entry as a whole) and the reason.
 */
public record JobSetError(int index, String job, String field, String message) {

  /** The field's path within the whole request, e.g. {@code jobs[2].schedule.cron}. */
  public String path() {
    if (index < 0) {
      return field;
    }
    String entry = "jobs[" + index + "]";
    return field == null || field.isEmpty() ? entry : entry + "." + field;
  }

  public FieldError toFieldError() {
    return new FieldError(path(), message);
  }
}
