package io.hydra.scheduler.apply;

import io.hydra.core.error.ValidationException;
import java.util.List;

/** A job set that cannot be applied; nothing was changed. Carries every problem found. */
public class InvalidJobSetException extends ValidationException {

  private final transient List<JobSetError> jobErrors;

  public InvalidJobSetException(List<JobSetError> errors) {
    super(errors.stream().map(JobSetError::toFieldError).toList());
    this.jobErrors = List.copyOf(errors);
  }

  public List<JobSetError> jobErrors() {
    return jobErrors;
  }
}
