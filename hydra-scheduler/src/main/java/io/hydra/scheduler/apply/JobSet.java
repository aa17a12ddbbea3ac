package io.hydra.scheduler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.validate.CalendarValidator;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Job definitions meant to be applied together, each read and checked on its own, with names unique
 * in the set. The same code serves {@code hydra validate} (offline) and the server's apply, so both
 * report the same problems with the same messages.
 *
 * <p>An entry with {@code kind: calendar} is a calendar ({@link CalendarSpec}) instead of a job;
 * {@code kind: job}, or no kind, is a job. Calendars are applied with the jobs, so a job may name a
 * calendar defined in the same set.
 */
public final class JobSet {

  private final List<JobSpec> specs;
  private final List<JobSetError> errors;
  private final Map<String, Integer> indexByName;
  private final Calendars calendars;

  private JobSet(
      List<JobSpec> specs,
      List<JobSetError> errors,
      Map<String, Integer> byName,
      Calendars calendars) {
    this.specs = specs;
    this.errors = errors;
    this.indexByName = byName;
    this.calendars = calendars;
  }

  /** The calendars of a set, by name, with where each is in the submitted list. */
  private record Calendars(Map<String, CalendarSpec> byName, Map<String, Integer> index) {}

  /** Reads each tree as a job; problems are collected, not thrown, so all show at once. */
  public static JobSet parse(List<JsonNode> trees) {
    List<JobSpec> specs = new ArrayList<>();
    List<JobSetError> errors = new ArrayList<>();
    Map<String, Integer> byName = new LinkedHashMap<>();
    Map<String, List<Integer>> occurrences = new LinkedHashMap<>();
    Calendars calendars = new Calendars(new LinkedHashMap<>(), new LinkedHashMap<>());
    for (int i = 0; i < trees.size(); i++) {
      JsonNode tree = trees.get(i);
      String name =
          tree != null && tree.path("name").isTextual() ? tree.get("name").asText() : null;
      String kind = kind(i, name, tree, errors);
      if (CALENDAR.equals(kind)) {
        specs.add(null);
        readCalendar(i, name, withoutKind(tree), errors, calendars);
        continue;
      }
      JobSpec spec = kind == null ? null : read(i, name, withoutKind(tree), errors);
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
    return new JobSet(specs, errors, byName, calendars);
  }

  private static final String CALENDAR = "calendar";

  /** The entry's kind: {@code job} (also without one) or {@code calendar}; null if neither. */
  private static String kind(int i, String name, JsonNode tree, List<JobSetError> errors) {
    JsonNode kind = tree == null ? null : tree.get("kind");
    if (kind == null || kind.isNull()) {
      return "job";
    }
    if (kind.isTextual() && List.of("job", CALENDAR).contains(kind.asText())) {
      return kind.asText();
    }
    errors.add(new JobSetError(i, name, "kind", "'" + kind.asText() + "' is not job or calendar"));
    return null;
  }

  private static JsonNode withoutKind(JsonNode tree) {
    if (tree instanceof ObjectNode object && object.has("kind")) {
      ObjectNode copy = object.deepCopy();
      copy.remove("kind");
      return copy;
    }
    return tree;
  }

  private static void readCalendar(
      int i, String name, JsonNode tree, List<JobSetError> errors, Calendars calendars) {
    List<FieldError> problems;
    CalendarSpec calendar = null;
    try {
      calendar = JobSpecReader.fromTree(tree, CalendarSpec.class);
      problems = CalendarValidator.validate(calendar);
    } catch (ValidationException e) {
      problems = e.errors();
    }
    problems.forEach(e -> errors.add(new JobSetError(i, name, e.field(), e.message())));
    if (calendar == null || !problems.isEmpty()) {
      return;
    }
    if (calendars.byName().containsKey(calendar.name())) {
      errors.add(
          new JobSetError(i, name, "name", "calendar '" + name + "' is defined twice in this set"));
      return;
    }
    calendars.byName().put(calendar.name(), calendar.normalized());
    calendars.index().put(calendar.name(), i);
  }

  /** The calendars of the set that could be read, by name, in the order given. */
  public Map<String, CalendarSpec> calendars() {
    return Collections.unmodifiableMap(calendars.byName());
  }

  /** Where a calendar of the set is in the submitted list. */
  public int indexOfCalendar(String name) {
    return calendars.index().getOrDefault(name, -1);
  }

  /**
   * The calendars the jobs of the set name that are neither in the set nor among {@code known} (the
   * server's), each on the field that names it.
   */
  public List<JobSetError> unknownCalendars(Set<String> known) {
    Set<String> all = new HashSet<>(known);
    all.addAll(calendars.byName().keySet());
    List<JobSetError> out = new ArrayList<>();
    byName()
        .forEach(
            (job, spec) ->
                CalendarValidator.unknownCalendars(spec, all)
                    .forEach(
                        e -> out.add(new JobSetError(indexOf(job), job, e.field(), e.message()))));
    return out;
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

  /** How many entries the set has that are not calendars. */
  public int size() {
    return specs.size() - calendars.byName().size();
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
    out.addAll(unknownCalendars(Set.of()));
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
      for (CalendarSpec calendar : calendars.byName().values()) {
        sha.update(Json.write(calendar).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
