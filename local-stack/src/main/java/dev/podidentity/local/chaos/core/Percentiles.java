package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of millisecond figures. */
public final class Percentiles {
  private Percentiles() {}

  /** The nearest-rank {@code q} quantile (0 < q <= 1) of {@code values}; 0 when empty. */
  public static long of(List<Long> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
