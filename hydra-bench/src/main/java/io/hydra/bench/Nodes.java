package io.hydra.bench;

/** Names of the dag workload's nodes, the same for every peer. */
final class Nodes {

  static final String ROOT = "root";
  static final String DEPENDENT = "dep-";
  static final String CHAIN = "chain-";

  private Nodes() {}

  static String dependent(int i) {
    return DEPENDENT + i;
  }

  static String chain(int k) {
    return CHAIN + k;
  }

  /** The chain node after {@code key}, or null after the last one or for other nodes. */
  static String nextInChain(String key, int chainLength) {
    if (key.equals(ROOT)) {
      return chain(1);
    }
    if (key.startsWith(CHAIN)) {
      int k = Integer.parseInt(key.substring(CHAIN.length()));
      return k < chainLength ? chain(k + 1) : null;
    }
    return null;
  }
}
