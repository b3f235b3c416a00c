package dev.podidentity.nmi.adapter.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.nmi.port.NatRule;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuleKeeperTest {
  /** The rule as a flag, as iptables would hold it. */
  static final class TableRule implements NatRule {
    volatile boolean present;

    @Override
    public boolean present() {
      return present;
    }

    @Override
    public void install() {
      present = true;
    }

    @Override
    public void remove() {
      present = false;
    }
  }

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void repairsDriftWhileRunning() {
    TableRule rule = new TableRule();
    RuleKeeper keeper = new RuleKeeper(vertx, rule);
    keeper.start(3_600_000);
    rule.remove(); // someone flushed the table

    keeper.check();

    assertThat(rule.present()).isTrue();
    assertThat(keeper.installs()).isEqualTo(2);
  }

  @Test
  void aCheckThatRunsAfterStopLeavesTheRuleRemoved() {
    TableRule rule = new TableRule();
    RuleKeeper keeper = new RuleKeeper(vertx, rule);
    keeper.start(3_600_000);

    keeper.stop();
    keeper.check(); // a periodic check handed to a worker before stop() ran

    assertThat(rule.present()).isFalse();
    assertThat(keeper.inPlace()).isFalse();
  }
}
