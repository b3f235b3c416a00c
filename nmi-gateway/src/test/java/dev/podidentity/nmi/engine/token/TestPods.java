package dev.podidentity.nmi.engine.token;

import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.List;
import java.util.Map;

/** A running pod record with a service account, for token tests that only care who asks. */
public final class TestPods {
  private TestPods() {}

  public static PodRecord pod(String namespace, String name, String serviceAccount) {
    return new PodRecord(
        1,
        "uid-" + name,
        namespace,
        name,
        "node-1",
        null,
        List.of("10.0.0.1"),
        PodPhase.RUNNING,
        false,
        false,
        Map.of(),
        serviceAccount,
        "1");
  }
}
