package dev.podidentity.azuresim.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottlesTest {

  final SimClock.Manual clock = new SimClock.Manual();
  final Throttles throttles = new Throttles(clock);

  @Test
  void allowsABurstOf12PatchesThenOneEvery15Seconds() {
    for (int i = 0; i < 12; i++) {
      assertThat(throttles.patch("sub", "vmss").allowed()).isTrue();
    }
    ThrottleDecision denied = throttles.patch("sub", "vmss");

    assertThat(denied.allowed()).isFalse();
    assertThat(denied.retryAfterSeconds()).isEqualTo(15);
    assertThat(denied.remainingHeader()).contains("VMScaleSetIdentityUpdate1Min;0");
    clock.advanceMillis(15_000);
    assertThat(throttles.patch("sub", "vmss").allowed()).isTrue();
    assertThat(throttles.patch("sub", "vmss").allowed()).isFalse();
  }

  @Test
  void scaleSetsHaveSeparateBudgetsButShareTheSubscriptions500() {
    int allowed = 0;
    for (int set = 0; set < 50; set++) {
      for (int i = 0; i < 12; i++) {
        if (throttles.patch("sub", "vmss" + set).allowed()) {
          allowed++;
        }
      }
    }

    assertThat(allowed).isEqualTo(500);
    assertThat(throttles.patch("other-sub", "vmss-x").allowed()).isTrue();
  }

  @Test
  void allowsABurstOf36GetsRefilling12AMinute() {
    for (int i = 0; i < 36; i++) {
      assertThat(throttles.get("vmss").allowed()).isTrue();
    }
    assertThat(throttles.get("vmss").retryAfterSeconds()).isEqualTo(5);
  }

  @Test
  void imdsAllows20RequestsASecondPerVm() {
    for (int i = 0; i < 20; i++) {
      assertThat(throttles.imds("vm0").allowed()).isTrue();
    }
    assertThat(throttles.imds("vm0").allowed()).isFalse();
    assertThat(throttles.imds("vm1").allowed()).isTrue();
    clock.advanceMillis(50);
    assertThat(throttles.imds("vm0").allowed()).isTrue();
  }

  @Test
  void aScaledClockShortensRealWaitsButNotTheLimits() {
    Throttles fast = new Throttles(scaled(60));
    for (int i = 0; i < 12; i++) {
      fast.patch("sub", "vmss");
    }
    ThrottleDecision denied = fast.patch("sub", "vmss");

    assertThat(denied.allowed()).isFalse();
    // 15 simulated seconds at 60x are 250 real milliseconds.
    assertThat(denied.retryAfterMillis()).isBetween(200L, 250L);
  }

  static SimClock scaled(double scale) {
    SimClock.Manual frozen = new SimClock.Manual();
    return new SimClock() {
      @Override
      public long nanos() {
        return frozen.nanos();
      }

      @Override
      public double timeScale() {
        return scale;
      }
    };
  }
}
