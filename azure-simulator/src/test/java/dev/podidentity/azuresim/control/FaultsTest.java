package dev.podidentity.azuresim.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultsTest {

  /** A hang lasts its duration from its injection, whenever a request comes to it. */
  @ParameterizedTest(name = "request {0} ms after a {1} ms hang: held {2} ms")
  @CsvSource({
    "0, 3000, 3000",
    "1000, 3000, 2000",
    "2999, 3000, 1",
    // Over before any request came: the request goes through, the hang is gone.
    "3000, 3000, ",
    "9000, 3000, ",
    // No duration: held until the faults are cleared, however late the request.
    "9000, 0, -1"
  })
  void aHangHoldsARequestUntilItsDurationIsOver(long requestAt, long duration, Long held) {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    Faults faults = new Faults(now::get);
    faults.add(Fault.hang("arm", "vmss", 1, duration));

    now.addAndGet(requestAt * 1_000_000);
    Faults.Plan plan = faults.plan("arm", "vmss", "PATCH");

    if (held == null) {
      assertThat(plan.disruption()).isEmpty();
      assertThat(faults.list()).isEmpty();
    } else {
      assertThat(plan.disruption()).map(Fault::kind).contains(Fault.Kind.HANG);
      assertThat(plan.holdMs()).isEqualTo(held);
    }
  }
}
