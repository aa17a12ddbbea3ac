package io.hydra.scheduler.apply;

import com.fasterxml.jackson.databind.JsonNode;

/** One changed field of a job: its path and the JSON values before and after (null: absent). */
public record FieldChange(String field, JsonNode before, JsonNode after) {}
