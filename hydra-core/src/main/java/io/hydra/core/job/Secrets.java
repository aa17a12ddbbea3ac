package io.hydra.core.job;

import io.hydra.core.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The values of {@code task.env} keys listed in {@code task.secrets}: stored so the task gets them,
 * but every answer shows {@link #MASK} instead. A spec sent back with the mask as a value (an
 * edited export, a form) keeps the stored value, so hiding a secret never erases it.
 */
public final class Secrets {

  /** What an answer shows instead of a secret value. */
  public static final String MASK = "***";

  /** What a plan shows for a secret value that the change replaces. */
  public static final String CHANGED = "*** (changed)";

  private Secrets() {}

  /** The spec as answers show it. */
  public static JobSpec masked(JobSpec spec) {
    return maskedAgainst(spec, null);
  }

  /**
   * The spec as a plan shows it next to {@code before}: a secret whose value the change replaces
   * shows {@link #CHANGED}, so the plan says so without saying what either value is.
   */
  public static JobSpec maskedAgainst(JobSpec spec, JobSpec before) {
    TaskSpec task = spec.task();
    if (task == null || task.secrets() == null || task.secrets().isEmpty() || task.env() == null) {
      return spec;
    }
    Map<String, String> env = new LinkedHashMap<>(task.env());
    for (String key : task.secrets()) {
      if (env.containsKey(key)) {
        boolean same = before == null || Objects.equals(env.get(key), storedValue(before, key));
        env.put(key, same ? MASK : CHANGED);
      }
    }
    return spec.withTask(task.withEnv(env));
  }

  /** The submitted spec with each masked secret value replaced by the stored one. */
  public static JobSpec keepingStored(JobSpec submitted, JobSpec stored) {
    TaskSpec task = submitted.task();
    if (stored == null || task == null || task.env() == null || !task.env().containsValue(MASK)) {
      return submitted;
    }
    Map<String, String> env = new LinkedHashMap<>(task.env());
    env.replaceAll(
        (key, value) ->
            MASK.equals(value) && storedValue(stored, key) != null
                ? storedValue(stored, key)
                : value);
    return submitted.withTask(task.withEnv(env));
  }

  /**
   * A mask still in the spec after {@link #keepingStored}: a secret the server does not have (a new
   * job, or a key that was never stored), which the user must give.
   */
  public static List<FieldError> unresolved(JobSpec spec) {
    TaskSpec task = spec.task();
    List<FieldError> errors = new ArrayList<>();
    if (task != null && task.env() != null) {
      new TreeMap<>(task.env())
          .forEach(
              (key, value) -> {
                if (MASK.equals(value) || CHANGED.equals(value)) {
                  errors.add(
                      new FieldError(
                          "task.env." + key,
                          "'"
                              + value
                              + "' stands for a stored "
                              + "secret, and job '"
                              + spec.name()
                              + "' has none stored under "
                              + key
                              + "; give the value"));
                }
              });
    }
    return errors;
  }

  private static String storedValue(JobSpec spec, String key) {
    TaskSpec task = spec.task();
    return task == null || task.env() == null ? null : task.env().get(key);
  }
}
