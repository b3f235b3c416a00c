package dev.podidentity.watcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeFilterTest {
  private final NodeRecord node = Projections.node(Fixtures.node("n1"));

  @Test
  void recordsDifferingOnlyInResourceVersionAreTheSame() {
    PodRecord a = Projections.pod(Fixtures.pod("u", "n1", "10.0.0.1", "Running", "10"), node);
    PodRecord b = Projections.pod(Fixtures.pod("u", "n1", "10.0.0.1", "Running", "11"), node);

    assertThat(ChangeFilter.same(a, b)).isTrue();
  }

  @Test
  void aNewIpIsAChange() {
    PodRecord a = Projections.pod(Fixtures.pod("u", "n1", null, "Pending", "10"), node);
    PodRecord b = Projections.pod(Fixtures.pod("u", "n1", "10.0.0.1", "Pending", "11"), node);

    assertThat(ChangeFilter.same(a, b)).isFalse();
  }

  @Test
  void configRecordsIgnoreResourceVersionToo() {
    IdentityInput in = Fixtures.identity("i", "0", Fixtures.UAMI);
    IdentityInput bumped =
        new IdentityInput(
            in.ref(),
            in.type(),
            in.resourceId(),
            in.clientId(),
            in.tenantId(),
            null,
            null,
            in.auxiliaryTenantIds(),
            null,
            null,
            in.annotations(),
            "99",
            null);

    assertThat(ChangeFilter.same(Projections.identity(in), Projections.identity(bumped))).isTrue();
  }

  @Test
  void anotherServiceAccountIsAChange() {
    PodInput pod = Fixtures.pod("u", "n1", "10.0.0.1", "Running", "10");
    PodRecord a = Projections.pod(Fixtures.withServiceAccount(pod, "web"), node);
    PodRecord b = Projections.pod(Fixtures.withServiceAccount(pod, "batch"), node);

    assertThat(ChangeFilter.same(a, b)).isFalse();
    assertThat(ChangeFilter.same(a, Projections.pod(Fixtures.withServiceAccount(pod, "web"), node)))
        .isTrue();
  }

  @Test
  void markingAnIdentityFederatedIsAChange() {
    IdentityInput plain = Fixtures.identity("i", "0", Fixtures.UAMI);
    IdentityInput federated =
        Fixtures.identity(
            "i",
            "0",
            Fixtures.UAMI,
            plain.clientId(),
            Map.of(IdentityRecord.FEDERATED_ANNOTATION, "true"));

    assertThat(ChangeFilter.same(Projections.identity(plain), Projections.identity(federated)))
        .isFalse();
  }
}
