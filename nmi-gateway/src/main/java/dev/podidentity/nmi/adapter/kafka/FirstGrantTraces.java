package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.nmi.port.FirstGrants;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends a pod's trace at its first token: the context of the pod's latest assignment record (the
 * connector's consumer span, a child of the assigner's PATCH span through the record's {@code
 * traceparent}) is kept until the pod's first grant, which is a span in that trace. Only valid
 * contexts are kept, so with tracing off nothing is kept and a grant costs one empty-map check. It
 * lives with the Kafka adapter because the context it keeps is what the records carried.
 */
@ApplicationScoped
public class FirstGrantTraces implements FirstGrants {
  private final Map<String, Context> pending = new ConcurrentHashMap<>();

  @Inject Tracer tracer;

  /**
   * This node's pod's assignment record came with {@code context}; {@code forget}: the record was a
   * tombstone or is not this node's.
   */
  public void assignment(String podUid, Context context, boolean forget) {
    if (forget) {
      pending.remove(podUid);
    } else if (context != null && Span.fromContext(context).getSpanContext().isValid()) {
      pending.put(podUid, context);
    }
  }

  @Override
  public void granted(String podUid, String identity, String resource) {
    if (pending.isEmpty()) {
      return;
    }
    Context context = pending.remove(podUid);
    if (context == null) {
      return;
    }
    tracer
        .spanBuilder("first grant")
        .setSpanKind(SpanKind.SERVER)
        .setParent(context)
        .setAttribute("podidentity.pod.uid", podUid)
        .setAttribute("podidentity.identity", identity)
        .setAttribute("podidentity.resource", resource)
        .startSpan()
        .end();
  }
}
