package dev.podidentity.assigner.port;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the assigner's work on a pod joins the pod's trace (the context its record came with). A
 * no-op when tracing is off.
 */
public interface Tracing {
  /**
   * Runs {@code work} in a span named {@code name}, a child of the trace of the first of {@code
   * podKeys} that has one and linked to the others', so records published within it carry it on.
   */
  <T> T span(String name, List<String> podKeys, Supplier<T> work);

  Tracing NONE =
      new Tracing() {
        @Override
        public <T> T span(String name, List<String> podKeys, Supplier<T> work) {
          return work.get();
        }
      };
}
