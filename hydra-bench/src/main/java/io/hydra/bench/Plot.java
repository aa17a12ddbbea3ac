package io.hydra.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How cost grows with N, drawn as an SVG from a bench's results: one panel of starts per second,
 * one of commits per run and one of the heap in use after the round, N on a log scale, one line per
 * peer (and launcher) and workload. Its own few lines of SVG: nothing to install, and the file
 * diffs as text.
 */
public final class Plot {

  private static final int PANEL_W = 420;
  private static final int PANEL_H = 300;
  private static final int MARGIN = 60;
  private static final String[] COLOURS = {
    "#1f5fbf", "#b3261e", "#1e7b34", "#8a5a00", "#6b21a8", "#0e7490", "#be185d", "#4b5563"
  };

  private Plot() {}

  public static String svg(List<Result> results) {
    Map<String, List<Result>> series = new LinkedHashMap<>();
    for (Result r : results) {
      String peer = r.launcher() == null ? r.peer() : r.peer() + "/" + r.launcher();
      series.computeIfAbsent(peer + " " + r.workload(), k -> new ArrayList<>()).add(r);
    }
    series.values().forEach(s -> s.sort((a, b) -> Integer.compare(a.n(), b.n())));
    int width = 3 * (PANEL_W + MARGIN) + MARGIN;
    int height = PANEL_H + 2 * MARGIN + 18 * series.size();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height));
    panel(b, series, MARGIN, "starts per second (log)", Result::startsPerSec, true);
    panel(b, series, 2 * MARGIN + PANEL_W, "commits per run (log)", Result::commitsPerRun, true);
    // Results from before heapUsedMb was recorded have none: NaN leaves them out of this panel.
    panel(
        b,
        series,
        3 * MARGIN + 2 * PANEL_W,
        "heap MB after the round (log)",
        r -> r.heapUsedMb() == null ? Double.NaN : r.heapUsedMb(),
        true);
    legend(b, series, PANEL_H + MARGIN + 36);
    return b.append("</svg>\n").toString();
  }

  private static void panel(
      StringBuilder b,
      Map<String, List<Result>> series,
      int left,
      String title,
      ToDoubleFunction<Result> y,
      boolean logY) {
    List<Result> all = series.values().stream().flatMap(List::stream).toList();
    List<Result> known = all.stream().filter(r -> !Double.isNaN(y.applyAsDouble(r))).toList();
    double minX = all.stream().mapToDouble(Result::n).min().orElse(1);
    double maxX = all.stream().mapToDouble(Result::n).max().orElse(10);
    double minY = known.stream().mapToDouble(y).filter(v -> v > 0).min().orElse(0.001);
    double maxY = known.stream().mapToDouble(y).max().orElse(1);
    Scale sx = new Scale(minX, maxX, left, left + PANEL_W, true);
    Scale sy = new Scale(minY, maxY, MARGIN + PANEL_H, MARGIN, logY);
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#d8dce4\"/>%n"
                + "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
            left,
            MARGIN,
            PANEL_W,
            PANEL_H,
            left,
            MARGIN - 10,
            title));
    ticks(b, all, sx, sy, y);
    int i = 0;
    for (List<Result> s : series.values()) {
      List<Result> points = s.stream().filter(known::contains).toList();
      String colour = COLOURS[i++ % COLOURS.length];
      if (!points.isEmpty()) {
        line(b, points, sx, sy, y, colour);
      }
    }
  }

  private static void ticks(
      StringBuilder b, List<Result> all, Scale sx, Scale sy, ToDoubleFunction<Result> y) {
    all.stream()
        .mapToInt(Result::n)
        .distinct()
        .forEach(
            n ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        sx.at(n),
                        MARGIN + PANEL_H + 16,
                        n >= 1000 ? (n / 1000) + "k" : Integer.toString(n))));
    for (double v : new double[] {sy.min(), Math.sqrt(sy.min() * sy.max()), sy.max()}) {
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              sx.from() - 4,
              sy.at(v) + 4,
              label(v)));
    }
  }

  private static void line(
      StringBuilder b,
      List<Result> s,
      Scale sx,
      Scale sy,
      ToDoubleFunction<Result> y,
      String colour) {
    StringBuilder points = new StringBuilder();
    for (Result r : s) {
      double v = Math.max(y.applyAsDouble(r), sy.min());
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(r.n()), sy.at(v)));
      b.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s</title></circle>%n",
              sx.at(r.n()),
              sy.at(v),
              colour,
              label(y.applyAsDouble(r))));
    }
    b.append(
        String.format(
            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
            points.toString().trim(), colour));
  }

  private static void legend(StringBuilder b, Map<String, List<Result>> series, int top) {
    int i = 0;
    for (String name : series.keySet()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              MARGIN,
              top + 18 * i - 10,
              COLOURS[i % COLOURS.length],
              MARGIN + 18,
              top + 18 * i,
              name));
      i++;
    }
  }

  private static String label(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  /** A value axis from {@code min..max} onto pixels {@code from..to}, linear or log. */
  private record Scale(double min, double max, double from, double to, boolean log) {
    double at(double v) {
      double lo = log ? Math.log(min) : min;
      double hi = log ? Math.log(max) : max;
      double x = log ? Math.log(Math.max(v, min)) : v;
      return hi == lo ? (from + to) / 2 : from + (x - lo) / (hi - lo) * (to - from);
    }
  }
}
