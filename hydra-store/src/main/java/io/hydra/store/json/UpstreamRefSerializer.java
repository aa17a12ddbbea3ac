package io.hydra.store.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.hydra.core.job.UpstreamRef;
import java.io.IOException;

/** Writes same-time upstreams as a bare name, the way people write them. */
final class UpstreamRefSerializer extends JsonSerializer<UpstreamRef> {

  @Override
  public void serialize(UpstreamRef ref, JsonGenerator gen, SerializerProvider serializers)
      throws IOException {
    if (ref.within() == null) {
      gen.writeString(ref.job());
      return;
    }
    gen.writeStartObject();
    gen.writeStringField("job", ref.job());
    gen.writeStringField("within", ref.within().toString());
    gen.writeEndObject();
  }
}
