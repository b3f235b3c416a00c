package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.port.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each pod's trace: the context its latest record came with (the connector's consumer span, a child
 * of the watcher's producer span through the record's {@code traceparent} header). A PATCH made for
 * pods runs in a span of the first one's trace, linked to the others'; an assignment record is
 * published in the PATCH's span, or else in its pod's trace. Only valid contexts are kept, so with
 * tracing off nothing is kept and nothing is started. It lives with the Kafka adapter because the
 * context it keeps is what the records carried in their headers.
 */
@ApplicationScoped
public class PodTraces implements Tracing {
  private static final int MAX_LINKS = 32;
  private final Map<String, Context> pods = new ConcurrentHashMap<>();

  @Inject Tracer tracer;

  /** The latest record of {@code podKey} came with {@code context}; a tombstone forgets it. */
  public void seen(String podKey, Context context, boolean tombstone) {
    if (tombstone) {
      pods.remove(podKey);
    } else if (context != null && Span.fromContext(context).getSpanContext().isValid()) {
      pods.put(podKey, context);
    }
  }

  /** The context a record about {@code podKey} is published in: the current span, or the pod's. */
  public Context publishing(String podKey) {
    if (Span.current().getSpanContext().isValid()) {
      return Context.current();
    }
    return pods.get(podKey);
  }

  @Override
  public <T> T span(String name, List<String> podKeys, Supplier<T> work) {
    Context parent = null;
    SpanBuilder builder = null;
    int links = 0;
    for (String key : podKeys) {
      Context c = pods.get(key);
      if (c == null) {
        continue;
      }
      if (parent == null) {
        parent = c;
        builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setParent(c);
      } else if (links++ < MAX_LINKS) {
        builder.addLink(Span.fromContext(c).getSpanContext());
      }
    }
    if (builder == null) {
      return work.get(); // no pod of this work is traced (or tracing is off)
    }
    Span span = builder.startSpan();
    try (Scope scope = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException e) {
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }
}
