package dev.podidentity.events;

import java.nio.charset.StandardCharsets;

/**
 * The partition of a key: a stable hash of its routing part (see {@link Keys}). Producers use it
 * through the Kafka partitioner; a node agent uses {@link #partitionOf(ComputeTarget, int)} to know
 * which single partition of the pods and assignments topics to read.
 */
public final class Partitioning {
  private Partitioning() {}

  public static int partitionOfKey(String key, int partitions) {
    return partitionOfRouting(Keys.routingOf(key), partitions);
  }

  public static int partitionOf(ComputeTarget target, int partitions) {
    return partitionOfRouting(target.routingKey(), partitions);
  }

  /**
   * FNV-1a over the UTF-8 bytes: defined here rather than borrowed from a client library, so every
   * reader of the contract computes the same partition whatever it links.
   */
  static int partitionOfRouting(String routing, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    int hash = 0x811c9dc5;
    for (byte b : routing.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Math.floorMod(hash, partitions);
  }
}
