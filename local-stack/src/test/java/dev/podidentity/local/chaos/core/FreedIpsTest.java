package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** No IP is reused before the floor; past it, the latest freed goes first. */
class FreedIpsTest {
  private static final long FLOOR = FreedIps.REUSE_FLOOR_MS;

  @Test
  void anIpIsNotReusedBeforeTheFloor() {
    FreedIps ips = new FreedIps();
    ips.freed("10.0.0.1", 1_000);

    assertThat(ips.reusable(1_000 + FLOOR - 1)).isZero();
    assertThat(ips.take(1_000 + FLOOR - 1)).isNull();
    assertThat(ips.reusable(1_000 + FLOOR)).isOne();
    assertThat(ips.take(1_000 + FLOOR)).isEqualTo("10.0.0.1");
    assertThat(ips.reusable(1_000 + FLOOR)).isZero();
  }

  @Test
  void amongTheIpsPastTheFloorTheLatestFreedIsTakenFirst() {
    FreedIps ips = new FreedIps();
    ips.freed("10.0.0.1", 0);
    ips.freed("10.0.0.2", 100);
    ips.freed("10.0.0.3", 200); // not yet past the floor at the time asked

    long now = 100 + FLOOR;

    assertThat(ips.reusable(now)).isEqualTo(2);
    assertThat(ips.take(now)).isEqualTo("10.0.0.2");
    assertThat(ips.take(now)).isEqualTo("10.0.0.1");
    assertThat(ips.take(now)).isNull();
    assertThat(ips.take(200 + FLOOR)).isEqualTo("10.0.0.3");
  }
}
