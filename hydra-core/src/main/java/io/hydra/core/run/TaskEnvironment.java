package io.hydra.core.run;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment every task sees: the job's own {@code env} plus the {@code HYDRA_*} variables.
 */
public final class TaskEnvironment {

  private TaskEnvironment() {}

  public static Map<String, String> of(
      Map<String, String> jobEnv,
      String job,
      long runId,
      Instant logicalTime,
      ZoneId zone,
      int attempt,
      Map<String, String> params) {
    Map<String, String> env = new LinkedHashMap<>(jobEnv);
    env.put("HYDRA_JOB", job);
    env.put("HYDRA_RUN_ID", Long.toString(runId));
    env.put("HYDRA_LOGICAL_TIME", DateTimeFormatter.ISO_INSTANT.format(logicalTime));
    env.put("HYDRA_LOGICAL_DATE", logicalTime.atZone(zone).toLocalDate().toString());
    env.put("HYDRA_ATTEMPT", Integer.toString(attempt));
    params.forEach((key, value) -> env.put("HYDRA_PARAM_" + paramVariable(key), value));
    return env;
  }

  /** {@code batch-size} becomes {@code BATCH_SIZE}: upper case, anything else an underscore. */
  static String paramVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }
}
