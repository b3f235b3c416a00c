package dev.podidentity.events.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import org.junit.jupiter.api.Test;

class ViewStateTest {
  private final ViewState state = new ViewState(Fixtures.NODE);

  @Test
  void aPodReKeyedWhenItsNodeGotATargetSurvivesTheTombstoneOfItsOldKey() {
    PodRecord pod = Fixtures.pod("u1", "default", "10.0.0.1", "sel");
    String oldKey = Keys.podOnUnmanagedNode(Fixtures.NODE, "u1");
    state.applyPod(oldKey, pod);

    // The watcher publishes the new key first, then tombstones the old one.
    state.applyPod(Keys.of(pod), pod);
    state.applyPod(oldKey, null);

    assertThat(state.snapshot(0).podsByIp()).containsKey("10.0.0.1");
  }

  @Test
  void theTombstoneOfThePodsCurrentKeyRemovesIt() {
    PodRecord pod = Fixtures.pod("u2", "default", "10.0.0.2", "sel");
    state.applyPod(Keys.of(pod), pod);

    state.applyPod(Keys.of(pod), null);

    assertThat(state.snapshot(0).podsByIp()).doesNotContainKey("10.0.0.2");
  }

  @Test
  void aChangeOfTargetKeepsThePodsUntilTheReaderClearsThem() {
    PodRecord pod = Fixtures.pod("u3", "default", "10.0.0.3", "sel");
    state.applyPod(Keys.of(pod), pod);

    assertThat(state.applyNode(Fixtures.NODE, Fixtures.node())).isTrue();
    assertThat(state.snapshot(0).podsByIp()).containsKey("10.0.0.3");

    state.clearTargetState();
    assertThat(state.snapshot(0).podsByIp()).isEmpty();
  }

  @Test
  void aPodChangeKeepsTheConfigMapsAndAConfigChangeRebuildsThem() {
    var first = Fixtures.binding("default", "b1", "id", "sel-1");
    state.applyConfig(first.key(), first);
    View before = state.snapshot(0);

    PodRecord pod = Fixtures.pod("u4", "default", "10.0.0.4", "sel-1");
    state.applyPod(Keys.of(pod), pod);
    View podChanged = state.snapshot(0);

    assertThat(podChanged.version()).isGreaterThan(before.version());
    assertThat(podChanged.podsByIp()).containsKey("10.0.0.4");
    assertThat(podChanged.bindingsBySelector()).isSameAs(before.bindingsBySelector());
    assertThat(podChanged.identities()).isSameAs(before.identities());

    var second = Fixtures.binding("default", "b2", "id", "sel-2");
    state.applyConfig(second.key(), second);

    assertThat(state.snapshot(0).bindingsBySelector()).containsOnlyKeys("sel-1", "sel-2");
  }

  @Test
  void theViewKnowsItsNodesPoolAndAChangeOfPoolAloneIsNoChangeOfTarget() {
    assertThat(state.applyNode(Fixtures.NODE, Fixtures.node())).isTrue();
    assertThat(state.snapshot(0).pool()).isNull();
    View before = state.snapshot(0);

    NodeRecord pooled =
        new NodeRecord(1, Fixtures.NODE, "azure:///x", Fixtures.TARGET, null, "np1", "2");
    assertThat(state.applyNode(Fixtures.NODE, pooled)).isFalse();
    View after = state.snapshot(0);

    assertThat(after.pool()).isEqualTo("np1");
    assertThat(after.version()).isGreaterThan(before.version());
    assertThat(
            state.applyNode(
                "another-node", NodeRecord.of("another-node", "azure:///y", "np2", "1")))
        .isFalse();
    assertThat(state.snapshot(0).pool()).isEqualTo("np1");
    state.applyNode(Fixtures.NODE, null);
    assertThat(state.snapshot(0).pool()).isNull();
  }
}
