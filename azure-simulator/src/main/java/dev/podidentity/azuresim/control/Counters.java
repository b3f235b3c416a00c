package dev.podidentity.azuresim.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What clients did to the simulated cloud: per compute target (scale set or VM name), per VM's IMDS
 * and per Entra flow, a count per event. Benchmarks and tests read these to prove a client stayed
 * inside Azure's budgets, or went to Entra instead of ARM.
 */
public final class Counters {

  /** Event names for ARM compute targets. */
  public static final String GET = "GET";

  public static final String PATCH = "PATCH";
  public static final String PUT = "PUT";
  public static final String THROTTLED = "429";
  public static final String CONFLICT = "409";
  public static final String ERROR = "errors";

  /** Event names for IMDS. */
  public static final String REQUESTS = "requests";

  public static final String TOKENS = "tokens";

  /** Entra flow: a managed identity's token for a federated (workload identity) assertion. */
  public static final String FEDERATED = "federated";

  /** Entra events: an exchange granted, or refused (also counted as {@code refused:<reason>}). */
  public static final String ACCEPTED = "accepted";

  public static final String REFUSED = "refused";

  /** Entra event: an issuer's discovery document and JWKS were fetched. */
  public static final String JWKS_FETCHES = "jwksFetches";

  private final Map<String, Map<String, LongAdder>> compute = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> imds = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> entra = new ConcurrentHashMap<>();

  public void compute(String target, String event) {
    inc(compute, target, event);
  }

  public void imds(String vm, String event) {
    inc(imds, vm, event);
  }

  public void entra(String flow, String event) {
    inc(entra, flow, event);
  }

  /** A refusal: counted once as {@code refused} and once as {@code refused:<reason>}. */
  public void entraRefused(String flow, String reason) {
    inc(entra, flow, REFUSED);
    inc(entra, flow, REFUSED + ":" + reason);
  }

  private static void inc(Map<String, Map<String, LongAdder>> map, String key, String event) {
    map.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(event, k -> new LongAdder())
        .increment();
  }

  public long computeCount(String target, String event) {
    return read(compute, target, event);
  }

  public long imdsCount(String vm, String event) {
    return read(imds, vm, event);
  }

  public long entraCount(String flow, String event) {
    return read(entra, flow, event);
  }

  private static long read(Map<String, Map<String, LongAdder>> map, String key, String event) {
    Map<String, LongAdder> m = map.get(key);
    LongAdder a = m == null ? null : m.get(event);
    return a == null ? 0 : a.sum();
  }

  /**
   * {@code {"compute": {target: {event: n}}, "imds": {vm: {event: n}}, "entra": {flow: {event:
   * n}}}}
   */
  public Map<String, Object> snapshot() {
    return Map.of("compute", copy(compute), "imds", copy(imds), "entra", copy(entra));
  }

  private static Map<String, Map<String, Long>> copy(Map<String, Map<String, LongAdder>> map) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          Map<String, Long> inner = new TreeMap<>();
          v.forEach((e, a) -> inner.put(e, a.sum()));
          out.put(k, inner);
        });
    return out;
  }

  public void reset() {
    compute.clear();
    imds.clear();
    entra.clear();
  }
}
