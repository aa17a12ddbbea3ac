package io.hydra.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hydra.core.job.JobSpec;
import io.hydra.store.json.Json;

/** A job spec as the YAML a user would write (the same mapper as the API's YAML). */
final class Yaml {

  private Yaml() {}

  static String of(JobSpec spec) {
    try {
      String text = Json.yaml().writeValueAsString(spec);
      return text.startsWith("---\n") ? text.substring(4) : text;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored job spec cannot be written as YAML", e);
    }
  }
}
