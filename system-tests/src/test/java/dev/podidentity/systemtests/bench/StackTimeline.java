package dev.podidentity.systemtests.bench;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.local.LocalStack;
import dev.podidentity.local.SimNode;
import dev.podidentity.systemtests.bench.TailBreakdown.Patch;
import dev.podidentity.systemtests.bench.TailBreakdown.Records;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the stack recorded of a run, read after it: the pods and assignments topics (every record,
 * with its timestamp), the simulator's operations on the scale set, and the assigner's metrics.
 */
public final class StackTimeline {
  private final Map<String, Records> records;
  private final List<Patch> patches;
  private final MetricLines assignerMetrics;
  private final List<MetricLines> nmiMetrics;
  private final Object imdsCounters;
  private final Object computeCounters;

  private StackTimeline(
      Map<String, Records> records,
      List<Patch> patches,
      MetricLines assignerMetrics,
      List<MetricLines> nmiMetrics,
      Object imdsCounters,
      Object computeCounters) {
    this.records = records;
    this.patches = patches;
    this.assignerMetrics = assignerMetrics;
    this.nmiMetrics = nmiMetrics;
    this.imdsCounters = imdsCounters;
    this.computeCounters = computeCounters;
  }

  /** Reads every source; the run's records must all be on the topics already. */
  public static StackTimeline read(LocalStack stack) throws IOException, InterruptedException {
    CompactedTopicReader reader =
        new CompactedTopicReader(
            Map.of("bootstrap.servers", stack.bootstrapServers()), Duration.ofSeconds(60));
    Map<String, Long> published = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : reader.read(Topics.PODS)) {
      if (r.value() != null) {
        PodRecord pod = EventJson.parse(r.value(), PodRecord.class);
        if (!pod.podIps().isEmpty()) {
          published.merge(pod.uid(), r.timestamp(), Math::min);
        }
      }
    }
    Map<String, Long> assigned = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : reader.read(Topics.ASSIGNMENTS)) {
      if (r.value() != null) {
        AssignmentRecord a = EventJson.parse(r.value(), AssignmentRecord.class);
        if (!a.identities().isEmpty()
            && a.identities().stream()
                .map(AssignedIdentity::state)
                .allMatch(AssignmentState.ASSIGNED::equals)) {
          assigned.merge(a.podUid(), r.timestamp(), Math::min);
        }
      }
    }
    Map<String, Records> records = new HashMap<>();
    published.forEach(
        (uid, at) -> records.put(uid, new Records(at, assigned.getOrDefault(uid, 0L))));
    List<MetricLines> nmis = new ArrayList<>();
    for (SimNode node : stack.nodes()) {
      nmis.add(MetricLines.scrape(stack.services().managementUrl("nmi-" + node.index())));
    }
    return new StackTimeline(
        records,
        patches(stack),
        MetricLines.scrape(stack.services().managementUrl("assigner")),
        nmis,
        stack.simulator().counters().get("imds"),
        stack.simulator().counters().get("compute"));
  }

  private static List<Patch> patches(LocalStack stack) {
    String scaleSet = stack.scaleSetId().toLowerCase(Locale.ROOT);
    long now = System.currentTimeMillis();
    return stack.simulator().operations().stream()
        .filter(op -> scaleSet.equalsIgnoreCase((String) op.get("target")))
        .map(
            op -> {
              long end = millis(op.get("endMillis"), now);
              @SuppressWarnings("unchecked")
              List<String> added =
                  ((List<String>) op.get("added"))
                      .stream().map(id -> id.toLowerCase(Locale.ROOT)).toList();
              return new Patch(
                  added,
                  millis(op.get("startMillis"), now),
                  end,
                  millis(op.get("reportedMillis"), end));
            })
        .toList();
  }

  private static long millis(Object value, long absent) {
    return value == null ? absent : ((Number) value).longValue();
  }

  /** What the topics say of a pod; zeros when they say nothing. */
  public Records of(String uid) {
    return records.getOrDefault(uid, new Records(0, 0));
  }

  public List<Patch> patches() {
    return patches;
  }

  /**
   * The assigner's own view, to set beside the simulator's: its PATCH requests (count, mean as the
   * SDK saw them, polls and final read included) and its pod-to-assigned timer.
   */
  public String assignerSummary() {
    double patchCount =
        assignerMetrics.sum("podidentity_assigner_cloud_requests_seconds_count", "\"PATCH\"");
    double patchSeconds =
        assignerMetrics.sum("podidentity_assigner_cloud_requests_seconds_sum", "\"PATCH\"");
    double simulatorMs = patches.stream().mapToLong(p -> p.end() - p.start()).average().orElse(0);
    double assignedCount =
        assignerMetrics.sum("podidentity_assigner_pod_to_assigned_seconds_count", "");
    double assignedSeconds =
        assignerMetrics.sum("podidentity_assigner_pod_to_assigned_seconds_sum", "");
    return String.format(
        Locale.ROOT,
        "assigner metrics: %.0f PATCH requests, mean %.0f ms as the assigner timed them (the"
            + " simulator's operations: %d, mean %.0f ms); pods waiting for a PATCH: %.0f, mean %.0f"
            + " ms from first plan to ASSIGNED; simulator ARM counters %s",
        patchCount,
        patchCount == 0 ? 0 : 1000 * patchSeconds / patchCount,
        patches.size(),
        simulatorMs,
        assignedCount,
        assignedCount == 0 ? 0 : 1000 * assignedSeconds / assignedCount,
        computeCounters);
  }

  /**
   * The NMIs' side (every node summed): IMDS calls by outcome with their mean and maximum time, how
   * the requests' waits for an assignment ended, and what the simulator's IMDS counted.
   */
  public String nmiSummary() {
    double ok = 0;
    double failed = 0;
    double imdsCount = 0;
    double imdsMs = 0;
    double imdsMax = 0;
    double resolved = 0;
    double timedOut = 0;
    List<String> outcomes = new ArrayList<>();
    for (String outcome : List.of("throttled", "error", "timeout", "refused")) {
      double n = 0;
      for (MetricLines m : nmiMetrics) {
        n += m.sum("podidentity_nmi_imds_requests_total", "\"" + outcome + "\"");
      }
      outcomes.add(String.format(Locale.ROOT, "%s %.0f", outcome, n));
    }
    for (MetricLines m : nmiMetrics) {
      ok += m.sum("podidentity_nmi_imds_requests_total", "\"ok\"");
      failed +=
          m.sum("podidentity_nmi_imds_requests_total", "")
              - m.sum("podidentity_nmi_imds_requests_total", "\"ok\"");
      imdsCount += m.sum("podidentity_nmi_imds_duration_milliseconds_count", "");
      imdsMs += m.sum("podidentity_nmi_imds_duration_milliseconds_sum", "");
      imdsMax = Math.max(imdsMax, m.sum("podidentity_nmi_imds_duration_milliseconds_max", ""));
      resolved += m.sum("podidentity_nmi_assignment_waits_total", "\"resolved\"");
      timedOut += m.sum("podidentity_nmi_assignment_waits_total", "\"timeout\"");
    }
    return String.format(
        Locale.ROOT,
        "NMI metrics: IMDS calls %.0f ok, %.0f not (%s), mean %.0f ms, max %.0f ms; assignment"
            + " waits %.0f resolved, %.0f timed out; simulator IMDS counters %s",
        ok,
        failed,
        String.join(", ", outcomes),
        imdsCount == 0 ? 0 : imdsMs / imdsCount,
        imdsMax,
        resolved,
        timedOut,
        imdsCounters);
  }
}
