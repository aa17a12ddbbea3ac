package io.hydra.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.scheduler.engine.CalendarService;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the sample pipeline for {@code --demo}: first the calendars of its {@code calendars}
 * folder, which jobs may name, then the jobs; creates missing ones, updates changed ones.
 */
public final class DemoJobs {

  private static final Logger log = LoggerFactory.getLogger(DemoJobs.class);
  private static final String AUTHOR = "demo";

  private final JobService jobs;

  public DemoJobs(JobService jobs) {
    this.jobs = jobs;
  }

  public void load(Path dir) {
    Path calendarDir = dir.resolve("calendars");
    if (Files.isDirectory(calendarDir)) {
      CalendarService calendars = new CalendarService(jobs);
      for (Path file : yamlFiles(calendarDir)) {
        CalendarSpec calendar = readCalendar(file);
        calendars.put(calendar.name(), calendar);
      }
    }
    Map<String, JobSpec> specs = read(dir);
    // Upstreams first, so every job's graph check sees the jobs it depends on.
    for (String name : JobGraph.of(specs.values()).topologicalOrder()) {
      JobSpec spec = specs.get(name);
      if (jobs.get(name).isPresent()) {
        jobs.update(name, spec, AUTHOR, dir.toString());
      } else {
        jobs.create(spec, AUTHOR, dir.toString());
      }
    }
    log.info("Loaded {} demo jobs from {}", specs.size(), dir);
  }

  private static CalendarSpec readCalendar(Path file) {
    try {
      JsonNode tree = Json.yaml().readTree(Files.readString(file));
      if (tree instanceof ObjectNode object) {
        object.remove("kind");
      }
      return JobSpecReader.fromTree(tree, CalendarSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, JobSpec> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("demo jobs directory " + dir + " does not exist");
    }
    List<Path> files = yamlFiles(dir);
    Map<String, JobSpec> specs = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        JobSpec spec = JobSpecReader.fromYaml(Files.readString(file));
        specs.put(spec.name(), spec);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    return specs;
  }

  /** The folder's own .yaml and .yml files (not its subfolders'), in name order. */
  private static List<Path> yamlFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
