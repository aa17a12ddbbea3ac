package io.hydra.web.ui;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.store.run.Run;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /runs/{id}/pipeline}: the run's pipeline at its logical time, drawn as the graph page
 * draws jobs, each node with its state, reason, deadline and ETA, and the operator actions per node
 * and for every failed node at once. The drawing is a fragment refreshed on each run event.
 */
public final class PipelinePage {

  private static final int NODE_W = 240;
  private static final int NODE_H = 72;
  private static final Set<String> FAILED = Set.of("failed", "upstream_failed", "killed");
  private static final Set<String> ENDED =
      Set.of("succeeded", "failed", "upstream_failed", "skipped", "killed");
  private static final DateTimeFormatter HM =
      DateTimeFormatter.ofPattern("MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final RunService runs;
  private final Lookup lookup;
  private final boolean tokens;

  PipelinePage(RunService runs, Lookup lookup, boolean tokens) {
    this.runs = runs;
    this.lookup = lookup;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get("/runs/{id}/pipeline", this::page);
    app.get("/ui/runs/{id}/pipeline", ctx -> Templates.page(ctx, "pipeline_live.jte", live(ctx)));
    app.get("/ui/runs/{id}/pipeline/rerun-failed-preview", this::preview);
  }

  /**
   * A drawn node; {@code actions} is null for a pending node (no run to act on).
   *
   * @param current the node of the run the page was opened from
   */
  public record Node(
      PipelineView.Node node,
      int x,
      int y,
      int width,
      int height,
      RunPage.Actions actions,
      boolean current) {

    public String job() {
      return node.job();
    }

    public String state() {
      return node.state();
    }

    /** What a screen reader says of the node. */
    public String label() {
      return node.job() + ", " + node.state() + (node.atRisk() ? ", at risk" : "");
    }

    /** The reason cut to fit the node; the whole of it is in the node's title and the table. */
    public String shortReason() {
      String r = node.reason() == null ? "" : node.reason();
      return r.length() > 36 ? r.substring(0, 35) + "…" : r;
    }

    /** "at least" when a job on its path has no history to predict from. */
    public String eta() {
      if (node.eta() == null) {
        return "";
      }
      return (node.etaLowerBound() ? "at least " : "") + Fmt.utc(node.eta());
    }

    public String deadline() {
      return Fmt.utc(node.deadline());
    }

    /** Deadline and ETA on one line of the drawing. */
    public String times() {
      String out = node.deadline() == null ? "" : "due " + HM.format(node.deadline());
      if (node.eta() != null) {
        out += (out.isEmpty() ? "" : " · ") + "eta " + (node.etaLowerBound() ? "≥ " : "");
        out += HM.format(node.eta());
      }
      return out;
    }
  }

  /** A drawn edge as an SVG path; {@code freshness} edges are dashed. */
  public record Edge(String path, boolean freshness) {}

  /** The model of {@code pipeline_live.jte}. */
  public record Live(
      PipelineView view, List<Node> nodes, List<Edge> edges, int width, int height, Viewer viewer) {

    public String utc(Instant at) {
      return Fmt.utc(at);
    }

    /**
     * Whether "retry the pipeline" may do something: every node ended and one failed (the server
     * decides over the root's pipeline, and answers why not otherwise).
     */
    public boolean canRetry() {
      return nodes.stream().anyMatch(n -> n.state().equals("failed"))
          && nodes.stream().allMatch(n -> ENDED.contains(n.state()));
    }

    /** "a: 1 of 2 retries done; the next at …", one line per root with retries. */
    public List<String> retrySummaries() {
      return view.retries().stream().map(PipelinePage::summary).toList();
    }

    /** Whether "re-run every failed node" has anything to do. */
    public boolean anyFailed() {
      return nodes.stream().anyMatch(n -> n.node().runId() != null && FAILED.contains(n.state()));
    }
  }

  private static String summary(PipelineView.Retries r) {
    StringBuilder out = new StringBuilder(r.root()).append(": ").append(r.done());
    out.append(r.max() > 0 ? " of " + r.max() : "").append(" retries done");
    if (r.nextAt() != null) {
      out.append("; the next at ").append(Fmt.utc(r.nextAt()));
    }
    for (PipelineView.Retry retry : r.history()) {
      if (retry.startedAt() != null) {
        out.append("; retry ").append(retry.number()).append(" at ");
        out.append(Fmt.utc(retry.startedAt()));
        out.append(retry.requestedBy() == null ? "" : " by " + retry.requestedBy());
      }
    }
    return out.toString();
  }

  /** The model of {@code pipeline.jte}. */
  public record Model(Chrome chrome, Live live) {}

  private void page(Context ctx) {
    Live live = live(ctx);
    Chrome chrome = Chrome.of("Pipeline of run " + live.view().runId(), live.viewer(), "jobs");
    Templates.page(ctx, "pipeline.jte", new Model(chrome, live));
  }

  private Live live(Context ctx) {
    Run run = lookup.run(ctx, Lookup.id(ctx, "id")).run();
    PipelineView view = runs.pipeline(run.id());
    Map<String, List<String>> ups = new HashMap<>();
    view.edges().forEach(e -> ups.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
    List<String> order = order(view);
    LayeredLayout.Result layout = LayeredLayout.of(order, ups, NODE_W, NODE_H);
    List<Node> nodes = new ArrayList<>();
    for (PipelineView.Node n : order.stream().map(view::node).toList()) {
      LayeredLayout.Placed p = layout.nodes().get(n.job());
      RunPage.Actions actions =
          n.runId() == null ? null : RunPage.Actions.of(RunState.fromWire(n.state()));
      nodes.add(new Node(n, p.x(), p.y(), NODE_W, NODE_H, actions, n.job().equals(run.job())));
    }
    List<Edge> edges =
        view.edges().stream()
            .map(
                e ->
                    new Edge(
                        path(layout.nodes().get(e.from()), layout.nodes().get(e.to())),
                        e.kind().equals("freshness")))
            .toList();
    return new Live(view, nodes, edges, layout.width(), layout.height(), Viewer.of(ctx, tokens));
  }

  /** The pipeline's jobs, upstreams first (Kahn's order over the view's own edges). */
  static List<String> order(PipelineView view) {
    Map<String, Integer> waiting = new HashMap<>();
    view.nodes().forEach(n -> waiting.put(n.job(), 0));
    view.edges().forEach(e -> waiting.merge(e.to(), 1, Integer::sum));
    List<String> out = new ArrayList<>();
    List<String> ready =
        new ArrayList<>(view.nodes().stream().map(PipelineView.Node::job).toList());
    ready.removeIf(j -> waiting.get(j) > 0);
    while (!ready.isEmpty()) {
      String job = ready.remove(0);
      out.add(job);
      for (PipelineView.Edge e : view.edges()) {
        if (e.from().equals(job) && waiting.merge(e.to(), -1, Integer::sum) == 0) {
          ready.add(e.to());
        }
      }
    }
    return out;
  }

  /** Jobs that wait on {@code job} in the view, nearest first, with their nodes. */
  static List<PipelineView.Node> downstreamOf(PipelineView view, String job) {
    List<String> found = new ArrayList<>(List.of(job));
    for (int i = 0; i < found.size(); i++) {
      String from = found.get(i);
      view.edges().stream()
          .filter(e -> e.from().equals(from) && !found.contains(e.to()))
          .forEach(e -> found.add(e.to()));
    }
    return found.subList(1, found.size()).stream().map(view::node).toList();
  }

  private static String path(LayeredLayout.Placed from, LayeredLayout.Placed to) {
    int x1 = from.x() + NODE_W;
    int y1 = from.y() + NODE_H / 2;
    int x2 = to.x();
    int y2 = to.y() + NODE_H / 2;
    int mid = (x1 + x2) / 2;
    return "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2;
  }

  /** The confirmation text of "re-run every failed node": every run it will reset, in order. */
  private void preview(Context ctx) {
    Run run = lookup.run(ctx, Lookup.id(ctx, "id")).run();
    List<Run> reset = runs.rerunFailedPreview(run.id());
    StringBuilder text = new StringBuilder();
    if (reset.isEmpty()) {
      text.append("Nothing to re-run: no node of this pipeline failed.");
    } else {
      text.append("Resets these ").append(reset.size()).append(" runs:");
      for (Run r : reset) {
        text.append("\n- run ")
            .append(r.id())
            .append(" ")
            .append(r.job())
            .append(" (now ")
            .append(r.state().wireName())
            .append(")");
      }
    }
    ctx.contentType("text/plain; charset=utf-8").result(text.toString());
  }
}
