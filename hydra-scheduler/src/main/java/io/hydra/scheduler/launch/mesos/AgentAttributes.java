package io.hydra.scheduler.launch.mesos;

import io.hydra.core.job.TaskConstraint;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;

/** An agent's attributes as the strings constraints compare, plus the hostname pseudo-field. */
final class AgentAttributes {

  private AgentAttributes() {}

  static Map<String, String> of(Protos.Offer offer) {
    Map<String, String> out = new HashMap<>();
    for (Protos.Attribute a : offer.getAttributesList()) {
      out.put(a.getName(), text(a));
    }
    out.put(TaskConstraint.HOSTNAME, offer.getHostname());
    return Map.copyOf(out);
  }

  /** Marathon's rendering: text as is, scalars as numbers, sets and ranges in brackets. */
  static String text(Protos.Attribute a) {
    return switch (a.getType()) {
      case TEXT -> a.getText().getValue();
      case SCALAR -> {
        double v = a.getScalar().getValue();
        yield v == Math.rint(v) && !Double.isInfinite(v)
            ? Long.toString((long) v)
            : Double.toString(v);
      }
      case SET -> a.getSet().getItemList().stream().collect(Collectors.joining(",", "{", "}"));
      case RANGES ->
          a.getRanges().getRangeList().stream()
              .map(r -> r.getBegin() + "-" + r.getEnd())
              .collect(Collectors.joining(",", "[", "]"));
    };
  }
}
