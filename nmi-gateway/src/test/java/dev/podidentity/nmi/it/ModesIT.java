package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.Identity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Namespaced mode, managed mode, and a view that cannot be confirmed current. */
class ModesIT {
  static final String VAULT = TokenEndpointIT.VAULT;

  @Test
  void namespacedModeRefusesABindingOfAnotherNamespace() {
    try (TestNode node = TestNode.start("nmi.namespaced", "true")) {
      Identity id = node.identity("team-b", "id-b", true);
      node.bind("team-b", "bind-b", id.record().name(), "sel-ns");
      PodRecord foreign = node.pod("127.0.0.50", "team-a", "sel-ns");
      PodRecord local = node.pod("127.0.0.51", "team-b", "sel-ns");
      node.assign(foreign, AssignmentState.ASSIGNED, id);
      node.assign(local, AssignmentState.ASSIGNED, id);
      node.awaitAssignment(foreign, AssignmentState.ASSIGNED);
      node.awaitAssignment(local, AssignmentState.ASSIGNED);

      assertThat(node.token("127.0.0.50", VAULT).status()).isEqualTo(403);
      assertThat(node.token("127.0.0.51", VAULT).status()).isEqualTo(200);
    }
  }

  @Test
  void managedModeGrantsFromBindingsWithoutAnAssigner() {
    try (TestNode node = TestNode.start("nmi.managed", "true")) {
      Identity id = node.identity("apps", "id-m", true);
      node.bind("apps", "bind-m", id.record().name(), "sel-m");
      PodRecord pod = node.pod("127.0.0.52", "apps", "sel-m");
      PodRecord other = node.pod("127.0.0.53", "elsewhere", "sel-m");
      node.awaitPod(pod);
      node.awaitPod(other);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.nmi.view().current().bindingsBySelector().containsKey("sel-m"));

      assertThat(node.token("127.0.0.52", VAULT).status()).isEqualTo(200);
      assertThat(node.token("127.0.0.53", VAULT).status()).isEqualTo(403);
    }
  }

  @Test
  void viewThatCannotBeConfirmedFailsClosedWith503AndRetryAfter() {
    TestNode live = TestNode.start();
    try {
      // A second NMI of the same node whose broker does not answer: never replayed, never current.
      var settings = live.nmi.settings(); // its port is 0: a port of its own
      TestFeed blindFeed = new TestFeed("127.0.0.1:1");
      var blind =
          live.build(
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
              settings,
              blindFeed,
              null,
              null);
      blindFeed.feed(blind.feed());
      TestNode.get(blind.start());
      var client = TestCluster.vertx().createHttpClient();
      try {
        Answer a =
            TestNode.get(
                TestNode.exchange(
                    client,
                    new io.vertx.core.http.RequestOptions()
                        .setHost("127.0.0.1")
                        .setPort(blind.port())
                        .setURI("/metadata/identity/oauth2/token?" + VAULT)
                        .putHeader("Metadata", "true")));

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.headers().get("Retry-After")).isEqualTo("5");
        assertThat(a.json().getString("error")).isEqualTo("temporarily_unavailable");
        assertThat(blind.viewReady()).isFalse();
      } finally {
        client.close();
        TestNode.get(blind.stop());
      }
    } finally {
      live.close();
    }
  }
}
