package io.tandem.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Disjoint sets of string nodes on the driver. Every set's root is its smallest node (by {@link
 * String#compareTo}), which is the component id Spark's label propagation gives too.
 */
final class UnionFind {
  private final Map<String, String> parent = new HashMap<>();

  /** Adds {@code node} as a set of its own unless it is known. */
  void add(String node) {
    parent.putIfAbsent(node, node);
  }

  /** Joins the sets of {@code a} and {@code b}, adding either when new. */
  void union(String a, String b) {
    String rootA = root(a);
    String rootB = root(b);
    int order = rootA.compareTo(rootB);
    if (order < 0) {
      parent.put(rootB, rootA);
    } else if (order > 0) {
      parent.put(rootA, rootB);
    }
  }

  boolean contains(String node) {
    return parent.containsKey(node);
  }

  /** The smallest node of {@code node}'s set, halving the path on the way; adds it when new. */
  String root(String node) {
    String current = node;
    String up = parent.putIfAbsent(current, current);
    while (up != null && !up.equals(current)) {
      String grandparent = parent.get(up);
      parent.put(current, grandparent);
      current = grandparent;
      up = parent.get(current);
    }
    return current;
  }

  Set<String> nodes() {
    return parent.keySet();
  }
}
