package io.hydra.web.ui;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edges among the jobs a page shows, same-time and freshness alike (the graph draws both;
 * JobGraph's same-time view would hide freshness edges). Upstreams outside the set are left out.
 */
final class Dependencies {

  private final Map<String, List<String>> upstreams = new HashMap<>();
  private final Map<String, List<String>> downstreams = new HashMap<>();
  private final Map<String, Set<String>> freshness = new HashMap<>();

  Dependencies(List<JobSpec> specs) {
    Set<String> names = new LinkedHashSet<>();
    specs.forEach(s -> names.add(s.name()));
    for (JobSpec s : specs) {
      for (UpstreamRef ref : s.after() == null ? List.<UpstreamRef>of() : s.after()) {
        if (!names.contains(ref.job())) {
          continue;
        }
        upstreams.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(ref.job());
        downstreams.computeIfAbsent(ref.job(), k -> new ArrayList<>()).add(s.name());
        if (ref.within() != null) {
          freshness.computeIfAbsent(s.name(), k -> new LinkedHashSet<>()).add(ref.job());
        }
      }
    }
  }

  /** Each shown job's upstreams among the shown jobs. */
  Map<String, List<String>> upstreamsWithin(Set<String> shown) {
    Map<String, List<String>> out = new HashMap<>();
    upstreams.forEach(
        (job, list) -> {
          if (shown.contains(job)) {
            out.put(job, list.stream().filter(shown::contains).toList());
          }
        });
    return out;
  }

  boolean isFreshness(String job, String upstream) {
    return freshness.getOrDefault(job, Set.of()).contains(upstream);
  }

  /** The job, every job it depends on and every job that depends on it, transitively. */
  Set<String> around(String job) {
    Set<String> out = new LinkedHashSet<>();
    walk(job, upstreams, out);
    walk(job, downstreams, out);
    return out;
  }

  private static void walk(String start, Map<String, List<String>> next, Set<String> seen) {
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    seen.add(start);
    while (!todo.isEmpty()) {
      for (String n : next.getOrDefault(todo.pop(), List.of())) {
        if (seen.add(n)) {
          todo.push(n);
        }
      }
    }
  }
}
