package io.hydra.web.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (longest common subsequence), for job versions: specs are tens of lines,
 * so the quadratic table is cheap and the output is the familiar +/- listing.
 */
public final class LineDiff {

  /** One line of the diff: {@code kind} is "add", "del" or "same". */
  public record Line(String kind, String text) {

    public String sign() {
      return switch (kind) {
        case "add" -> "+ ";
        case "del" -> "- ";
        default -> "  ";
      };
    }
  }

  private LineDiff() {}

  static List<Line> of(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    int[][] common = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        common[i][j] =
            a[i].equals(b[j])
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Line> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        out.add(new Line("same", a[i++]));
        j++;
      } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
        out.add(new Line("add", b[j++]));
      } else {
        out.add(new Line("del", a[i++]));
      }
    }
    return out;
  }
}
