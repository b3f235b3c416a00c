package dev.podidentity.nmi.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One hash-map lookup of a cache hit's kind of key (four strings: the request log's summary key),
 * as a record with its generated equals and hashCode, and as a record with both written out. The
 * JIT the DaemonSet runs decides which is cheaper; {@link MapKeyBenchmark} runs both under it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapKeys {
  record Generated(String ip, String pod, String identity, String resource) {}

  record WrittenOut(String ip, String pod, String identity, String resource) {
    @Override
    public boolean equals(Object o) {
      return o instanceof WrittenOut k
          && ip.equals(k.ip)
          && pod.equals(k.pod)
          && identity.equals(k.identity)
          && resource.equals(k.resource);
    }

    @Override
    public int hashCode() {
      int h = ip.hashCode();
      h = 31 * h + pod.hashCode();
      h = 31 * h + identity.hashCode();
      return 31 * h + resource.hashCode();
    }
  }

  private final Map<Object, Integer> map = new HashMap<>();
  private String ip;
  private String pod;
  private String identity;
  private String resource;

  @Setup
  public void setUp() {
    ip = "10.244.1.17";
    pod = "payments/checkout-7d9f8b6c5-x2x8q";
    identity = "payments/checkout-identity";
    resource = "https://vault.azure.net";
    map.put(new Generated(ip, pod, identity, resource), 1);
    map.put(new WrittenOut(ip, pod, identity, resource), 2);
  }

  @Benchmark
  public Integer generated() {
    return map.get(new Generated(ip, pod, identity, resource));
  }

  @Benchmark
  public Integer writtenOut() {
    return map.get(new WrittenOut(ip, pod, identity, resource));
  }
}
