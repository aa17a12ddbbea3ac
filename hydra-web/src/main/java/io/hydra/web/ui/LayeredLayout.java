package io.hydra.web.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered (Sugiyama-style) layout of a DAG, left to right: longest-path layering puts every job
 * one column right of its furthest upstream, then a few barycenter sweeps order each column to
 * shorten and uncross edges. Linear in the graph per sweep, so 1,000 jobs lay out in milliseconds
 * on the server and the browser only draws SVG.
 */
final class LayeredLayout {

  static final int NODE_W = 190;
  static final int NODE_H = 26;
  static final int GAP_X = 70;
  static final int GAP_Y = 10;
  private static final int SWEEPS = 4;

  /** A placed job: top-left corner. */
  record Placed(String name, int x, int y) {}

  /** The layout: placed jobs and the drawing's size. */
  record Result(Map<String, Placed> nodes, int width, int height) {}

  private LayeredLayout() {}

  /**
   * @param order the jobs, upstreams before dependents (a topological order)
   * @param upstreams each job's upstream jobs (only jobs in {@code order})
   */
  static Result of(List<String> order, Map<String, List<String>> upstreams) {
    return of(order, upstreams, NODE_W, NODE_H);
  }

  /** The same with nodes of the given size (the pipeline page's nodes carry several lines). */
  static Result of(List<String> order, Map<String, List<String>> upstreams, int nodeW, int nodeH) {
    Map<String, List<String>> downstreams = new HashMap<>();
    Map<String, Integer> layer = new HashMap<>();
    int layers = 0;
    for (String job : order) {
      int l = 0;
      for (String up : upstreams.getOrDefault(job, List.of())) {
        l = Math.max(l, layer.getOrDefault(up, 0) + 1);
        downstreams.computeIfAbsent(up, k -> new ArrayList<>()).add(job);
      }
      layer.put(job, l);
      layers = Math.max(layers, l + 1);
    }
    List<List<String>> columns = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      columns.add(new ArrayList<>());
    }
    order.stream().sorted().forEach(job -> columns.get(layer.get(job)).add(job));
    Map<String, Double> position = new HashMap<>();
    index(columns, position);
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      for (int i = 1; i < layers; i++) {
        reorder(columns.get(i), upstreams, position);
      }
      for (int i = layers - 2; i >= 0; i--) {
        reorder(columns.get(i), downstreams, position);
      }
    }
    return place(columns, nodeW, nodeH);
  }

  private static void index(List<List<String>> columns, Map<String, Double> position) {
    for (List<String> column : columns) {
      for (int i = 0; i < column.size(); i++) {
        position.put(column.get(i), (double) i);
      }
    }
  }

  /** Sorts a column by the mean position of each job's neighbours; jobs without keep theirs. */
  private static void reorder(
      List<String> column, Map<String, List<String>> neighbours, Map<String, Double> position) {
    Map<String, Double> key = new HashMap<>();
    for (String job : column) {
      List<String> near = neighbours.getOrDefault(job, List.of());
      key.put(
          job,
          near.isEmpty()
              ? position.get(job)
              : near.stream().mapToDouble(position::get).average().orElse(0));
    }
    column.sort(Comparator.comparing(key::get));
    for (int i = 0; i < column.size(); i++) {
      position.put(column.get(i), (double) i);
    }
  }

  private static Result place(List<List<String>> columns, int nodeW, int nodeH) {
    Map<String, Placed> nodes = new HashMap<>();
    int tallest = 0;
    for (int c = 0; c < columns.size(); c++) {
      List<String> column = columns.get(c);
      for (int i = 0; i < column.size(); i++) {
        nodes.put(
            column.get(i),
            new Placed(column.get(i), 10 + c * (nodeW + GAP_X), 10 + i * (nodeH + GAP_Y)));
      }
      tallest = Math.max(tallest, column.size());
    }
    return new Result(
        nodes, 20 + columns.size() * (nodeW + GAP_X) - GAP_X, 20 + tallest * (nodeH + GAP_Y));
  }
}
