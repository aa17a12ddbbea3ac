package io.hydra.scheduler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Job definitions meant to be applied together, each read and checked on its own, with names unique
 * in the set. The same code serves {@code hydra validate} (offline) and the server's apply, so both
 * report the same problems with the same messages.
 */
public final class JobSet {

  private final List<JobSpec> specs;
  private final List<JobSetError> errors;
  private final Map<String, Integer> indexByName;

  private JobSet(List<JobSpec> specs, List<JobSetError> errors, Map<String, Integer> byName) {
    this.specs = specs;
    this.errors = errors;
    this.indexByName = byName;
  }

  /** Reads each tree as a job; problems are collected, not thrown, so all show at once. */
  public static JobSet parse(List<JsonNode> trees) {
    List<JobSpec> specs = new ArrayList<>();
    List<JobSetError> errors = new ArrayList<>();
    Map<String, Integer> byName = new LinkedHashMap<>();
    Map<String, List<Integer>> occurrences = new LinkedHashMap<>();
    for (int i = 0; i < trees.size(); i++) {
      JsonNode tree = trees.get(i);
      String name =
          tree != null && tree.path("name").isTextual() ? tree.get("name").asText() : null;
      JobSpec spec = read(i, name, tree, errors);
      specs.add(spec);
      if (name != null) {
        occurrences.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
      }
      if (spec == null) {
        continue;
      }
      for (FieldError e : JobValidator.validate(spec)) {
        errors.add(new JobSetError(i, name, e.field(), e.message()));
      }
      if (name != null) {
        byName.putIfAbsent(name, i);
      }
    }
    occurrences.forEach(
        (name, at) -> {
          if (at.size() > 1) {
            for (int i : at) {
              errors.add(
                  new JobSetError(
                      i,
                      name,
                      "name",
                      "job '" + name + "' is defined " + at.size() + " times in this set"));
            }
          }
        });
    return new JobSet(specs, errors, byName);
  }

  private static JobSpec read(int i, String name, JsonNode tree, List<JobSetError> errors) {
    if (tree == null || !tree.isObject()) {
      errors.add(new JobSetError(i, null, "", "expected a job definition (a mapping of fields)"));
      return null;
    }
    try {
      return JobSpecReader.fromTree(tree);
    } catch (ValidationException e) {
      for (FieldError fe : e.errors()) {
        errors.add(new JobSetError(i, name, fe.field(), fe.message()));
      }
      return null;
    }
  }

  /** Problems of the entries on their own (syntax, types, values, duplicate names). */
  public List<JobSetError> errors() {
    return List.copyOf(errors);
  }

  /** The first entry of each name that could be read, by name, in the order given. */
  public Map<String, JobSpec> byName() {
    Map<String, JobSpec> out = new LinkedHashMap<>();
    indexByName.forEach((name, i) -> out.put(name, specs.get(i)));
    return out;
  }

  public int size() {
    return specs.size();
  }

  /** Where a job of the set is in the submitted list, or -1 if it is not in the set. */
  public int indexOf(String name) {
    return indexByName.getOrDefault(name, -1);
  }

  /**
   * Graph problems (unknown upstreams, cycles) of {@code jobs}, the complete set of jobs as they
   * would be, attributed to this set's entries; jobs outside the set get index -1.
   */
  public List<JobSetError> graphErrors(Collection<JobSpec> jobs) {
    List<JobSetError> out = new ArrayList<>();
    SortedMap<String, List<FieldError>> byJob = JobValidator.validateGraph(jobs);
    byJob.forEach(
        (job, list) -> {
          for (FieldError e : list) {
            out.add(new JobSetError(indexOf(job), job, e.field(), e.message()));
          }
        });
    return out;
  }

  /**
   * Everything {@code hydra validate} checks offline: each entry, and the graph the set forms on
   * its own (an upstream must be in the set).
   */
  public List<JobSetError> validateClosed() {
    List<JobSetError> out = new ArrayList<>(errors);
    out.addAll(graphErrors(byName().values()));
    return out;
  }

  /** A short fingerprint of the submitted definitions, for versions applied without a source. */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (JobSpec spec : specs) {
        sha.update(
            Json.write(spec == null ? "" : spec.normalized()).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
