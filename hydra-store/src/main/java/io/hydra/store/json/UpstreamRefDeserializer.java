package io.hydra.store.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.job.UpstreamRef;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/** Reads {@code after} entries: a plain job name, or {@code {job: x, within: PT24H}}. */
final class UpstreamRefDeserializer extends JsonDeserializer<UpstreamRef> {

  @Override
  public UpstreamRef deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return UpstreamRef.sameTime(parser.getText());
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return context.reportInputMismatch(UpstreamRef.class, "expected a job name or {job, within}");
    }
    JsonNode node = context.readTree(parser);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("job") && !name.equals("within")) {
        return context.reportInputMismatch(
            UpstreamRef.class, "unknown field '%s' (expected job, within)", name);
      }
    }
    String job = node.hasNonNull("job") ? node.get("job").asText() : null;
    Duration within = null;
    if (node.hasNonNull("within")) {
      try {
        within = Duration.parse(node.get("within").asText());
      } catch (DateTimeParseException e) {
        return context.reportInputMismatch(
            UpstreamRef.class,
            "within: '%s' is not an ISO-8601 duration such as PT24H",
            node.get("within").asText());
      }
    }
    return new UpstreamRef(job, within);
  }
}
