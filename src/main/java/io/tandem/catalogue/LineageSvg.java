package io.tandem.catalogue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A table's lineage as an inline SVG: every table it is built from, back to the landing objects,
 * and the tables that read it, in columns from left (sources) to right (readers). Each box links to
 * the table's entry in the catalogue.
 */
final class LineageSvg {
  private static final int BOX_WIDTH = 250;
  private static final int BOX_HEIGHT = 22;
  private static final int COLUMN_GAP = 60;
  private static final int ROW_GAP = 8;

  private LineageSvg() {}

  static String of(String id, Map<String, Catalogue.Table> tables) {
    Set<String> nodes = new TreeSet<>(upstream(id, tables));
    nodes.add(id);
    Set<String> readers = tables.get(id).readers();
    nodes.addAll(readers);
    // a table's column: one after the furthest of its inputs shown; readers one after the table
    Map<String, Integer> column = new HashMap<>();
    for (String node : nodes) {
      depth(node, nodes, tables, column);
    }
    int own = column.get(id);
    readers.forEach(r -> column.put(r, own + 1));
    Map<Integer, List<String>> columns = new TreeMap<>();
    nodes.forEach(n -> columns.computeIfAbsent(column.get(n), k -> new ArrayList<>()).add(n));
    Map<String, int[]> at = new HashMap<>();
    int height = 0;
    for (Map.Entry<Integer, List<String>> c : columns.entrySet()) {
      List<String> inColumn = c.getValue();
      inColumn.sort(
          Comparator.comparingInt((String t) -> Catalogue.LAYERS.indexOf(tables.get(t).layer()))
              .thenComparing(Comparator.naturalOrder()));
      for (int i = 0; i < inColumn.size(); i++) {
        at.put(
            inColumn.get(i),
            new int[] {c.getKey() * (BOX_WIDTH + COLUMN_GAP), i * (BOX_HEIGHT + ROW_GAP)});
      }
      height = Math.max(height, inColumn.size() * (BOX_HEIGHT + ROW_GAP));
    }
    int width = columns.size() * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg class=\"lineage\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Lineage of %s\">",
            width, height, width, height, escape(id)));
    for (String node : nodes) {
      for (String input : tables.get(node).inputs()) {
        if (nodes.contains(input)) {
          int[] from = at.get(input);
          int[] to = at.get(node);
          int x1 = from[0] + BOX_WIDTH;
          int y1 = from[1] + BOX_HEIGHT / 2;
          int x2 = to[0];
          int y2 = to[1] + BOX_HEIGHT / 2;
          svg.append(
              String.format(
                  "<path class=\"edge\" d=\"M%d %d C%d %d %d %d %d %d\"/>",
                  x1, y1, x1 + COLUMN_GAP / 2, y1, x2 - COLUMN_GAP / 2, y2, x2, y2));
        }
      }
    }
    for (String node : nodes) {
      int[] p = at.get(node);
      Catalogue.Table t = tables.get(node);
      svg.append(
          String.format(
              "<a href=\"#%s\" data-table=\"%s\"><rect class=\"node %s%s\" x=\"%d\" y=\"%d\""
                  + " width=\"%d\" height=\"%d\" rx=\"4\"/><text x=\"%d\" y=\"%d\">%s</text></a>",
              t.anchor(),
              escape(node),
              t.layer(),
              node.equals(id) ? " current" : "",
              p[0],
              p[1],
              BOX_WIDTH,
              BOX_HEIGHT,
              p[0] + 6,
              p[1] + 15,
              escape(shorten(node))));
    }
    return svg.append("</svg>").toString();
  }

  private static Set<String> upstream(String id, Map<String, Catalogue.Table> tables) {
    Set<String> seen = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(id));
    while (!pending.isEmpty()) {
      for (String input : tables.get(pending.pop()).inputs()) {
        if (tables.containsKey(input) && seen.add(input)) {
          pending.push(input);
        }
      }
    }
    return seen;
  }

  private static int depth(
      String node,
      Set<String> shown,
      Map<String, Catalogue.Table> tables,
      Map<String, Integer> memo) {
    Integer known = memo.get(node);
    if (known != null) {
      return known;
    }
    memo.put(node, 0); // a cycle stops here rather than recursing forever
    int depth = 0;
    for (String input : tables.get(node).inputs()) {
      if (shown.contains(input)) {
        depth = Math.max(depth, depth(input, shown, tables, memo) + 1);
      }
    }
    memo.put(node, depth);
    return depth;
  }

  private static String shorten(String name) {
    return name.length() > 40 ? name.substring(0, 39) + "…" : name;
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
