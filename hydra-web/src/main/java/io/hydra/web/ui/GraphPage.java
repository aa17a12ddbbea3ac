package io.hydra.web.ui;

import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.job.StoredJob;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /graph}: the dependency graph as SVG, laid out in layers on the server, nodes coloured by
 * their newest run; {@code ?job=} narrows it to that job's upstreams and downstreams.
 */
public final class GraphPage {

  private final JobService jobs;
  private final LatestRuns latest;
  private final boolean tokens;

  GraphPage(JobService jobs, LatestRuns latest, boolean tokens) {
    this.jobs = jobs;
    this.latest = latest;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get(
        "/graph",
        ctx ->
            Templates.page(
                ctx,
                "graph.jte",
                new Model(
                    Chrome.of("Graph", Viewer.of(ctx, tokens), "graph"),
                    focus(ctx),
                    drawing(ctx),
                    names(ctx))));
    app.get("/ui/graph", ctx -> Templates.page(ctx, "graph_svg.jte", drawing(ctx)));
  }

  /** A drawn job. {@code state} is its newest run's state, "none" if it never ran. */
  public record Node(
      String name, int x, int y, int width, int height, String state, boolean focus) {}

  /** A drawn edge as an SVG path; {@code freshness} edges are dashed. */
  public record Edge(String path, boolean freshness) {}

  /** The model of {@code graph_svg.jte}. */
  public record Drawing(
      List<Node> nodes, List<Edge> edges, int width, int height, String focus, int total) {}

  /** The model of {@code graph.jte}. */
  public record Model(Chrome chrome, String focus, Drawing drawing, List<String> names) {}

  private static String focus(Context ctx) {
    String job = ctx.queryParam("job");
    return job == null ? "" : job.strip();
  }

  private List<String> names(Context ctx) {
    return visible(ctx).stream().map(JobSpec::name).sorted().toList();
  }

  private List<JobSpec> visible(Context ctx) {
    Principal principal = Principal.of(ctx);
    return jobs.list().stream()
        .map(StoredJob::spec)
        .filter(s -> principal.reaches(s.owner() == null ? "" : s.owner()))
        .toList();
  }

  Drawing drawing(Context ctx) {
    List<JobSpec> specs = visible(ctx);
    Dependencies deps = new Dependencies(specs);
    Set<String> names = new LinkedHashSet<>();
    specs.forEach(s -> names.add(s.name()));
    String focus = focus(ctx);
    Set<String> shown = focus.isEmpty() || !names.contains(focus) ? names : deps.around(focus);
    List<String> order =
        JobGraph.of(specs).topologicalOrder().stream().filter(shown::contains).toList();
    Map<String, List<String>> ups = deps.upstreamsWithin(shown);
    LayeredLayout.Result layout = LayeredLayout.of(order, ups);
    Map<String, LatestRuns.Latest> last = latest.byJob();
    List<Node> nodes =
        order.stream()
            .map(layout.nodes()::get)
            .map(
                p ->
                    new Node(
                        p.name(),
                        p.x(),
                        p.y(),
                        LayeredLayout.NODE_W,
                        LayeredLayout.NODE_H,
                        last.containsKey(p.name()) ? last.get(p.name()).state() : "none",
                        p.name().equals(focus)))
            .toList();
    List<Edge> edges = new ArrayList<>();
    ups.forEach(
        (job, list) ->
            list.forEach(
                up ->
                    edges.add(
                        new Edge(
                            path(layout.nodes().get(up), layout.nodes().get(job)),
                            deps.isFreshness(job, up)))));
    return new Drawing(nodes, edges, layout.width(), layout.height(), focus, names.size());
  }

  private static String path(LayeredLayout.Placed from, LayeredLayout.Placed to) {
    int x1 = from.x() + LayeredLayout.NODE_W;
    int y1 = from.y() + LayeredLayout.NODE_H / 2;
    int x2 = to.x();
    int y2 = to.y() + LayeredLayout.NODE_H / 2;
    int mid = (x1 + x2) / 2;
    return "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2;
  }
}
