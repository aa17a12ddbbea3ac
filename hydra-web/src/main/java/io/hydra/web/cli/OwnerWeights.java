package io.hydra.web.cli;

import io.hydra.core.error.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --owner-weight OWNER=WEIGHT} flags as weights, refusing a weight that is not positive. */
final class OwnerWeights {

  private OwnerWeights() {}

  static Map<String, Double> parse(Map<String, String> flags) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (flags == null) {
      return out;
    }
    flags.forEach(
        (owner, text) -> {
          double weight;
          try {
            weight = Double.parseDouble(text);
          } catch (NumberFormatException e) {
            weight = Double.NaN;
          }
          if (!(weight > 0) || Double.isInfinite(weight)) {
            throw ValidationException.of(
                "--owner-weight",
                "the weight of '" + owner + "' must be a positive number, not '" + text + "'");
          }
          out.put(owner, weight);
        });
    return out;
  }
}
