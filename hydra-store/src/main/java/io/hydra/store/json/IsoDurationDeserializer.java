package io.hydra.store.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads a duration only as ISO-8601 text ({@code PT30M}). Jackson would read a bare number as
 * seconds, so {@code timeout: 30} would quietly mean 30 seconds to one reader and 30 minutes to
 * another; the job schema says text, and so does this.
 */
final class IsoDurationDeserializer extends StdScalarDeserializer<Duration> {

  private static final long serialVersionUID = 1L;

  IsoDurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    String text = p.getText().trim();
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return (Duration)
          ctxt.handleWeirdStringValue(Duration.class, text, "not an ISO-8601 duration");
    }
  }
}
