package io.hydra.core.error;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when user input is invalid; carries every problem found, each naming its field. */
public class ValidationException extends RuntimeException {

  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
