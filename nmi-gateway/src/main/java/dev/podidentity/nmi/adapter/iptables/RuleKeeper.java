package dev.podidentity.nmi.adapter.iptables;

import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.port.NatRule;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps the NAT rule in place: installs it at start, checks it every interval and repairs drift
 * (someone flushed the table, a CNI rewrote it), removes it on stop. Checks run as blocking tasks,
 * never on an event loop.
 */
public final class RuleKeeper {
  private static final Logger LOG = Logger.getLogger(RuleKeeper.class);

  private final Vertx vertx;
  private final NatRule rule;
  private final AtomicLong repairs = new AtomicLong();
  private volatile boolean inPlace;
  private boolean stopped;
  private long timerId = -1;

  public RuleKeeper(Vertx vertx, NatRule rule) {
    this.vertx = vertx;
    this.rule = rule;
  }

  /** The keeper for the service's settings; the command may carry a wrapper prefix. */
  public static RuleKeeper start(Vertx vertx, NmiConfig settings, int port) {
    List<String> words = Arrays.asList(settings.iptables().command().trim().split("\\s+"));
    IptablesRule rule =
        new IptablesRule(
            words.subList(0, words.size() - 1),
            words.get(words.size() - 1),
            settings.iptables().targetHost(),
            port);
    RuleKeeper keeper = new RuleKeeper(vertx, rule);
    keeper.start(settings.iptables().interval().toMillis());
    return keeper;
  }

  /** Installs now (blocking the caller) and then checks every {@code intervalMillis}. */
  public void start(long intervalMillis) {
    check();
    timerId =
        vertx.setPeriodic(
            intervalMillis,
            t ->
                vertx.executeBlocking(
                    () -> {
                      check();
                      return null;
                    },
                    false));
  }

  /** One check: repairs a missing rule; none after {@link #stop()}. */
  public synchronized void check() {
    // A periodic check already handed to a worker may run after stop(): it must not put back
    // the rule stop() removed (the NMI would leave a redirect to a port nobody serves).
    if (stopped) {
      return;
    }
    if (rule.present()) {
      inPlace = true;
      return;
    }
    try {
      rule.install();
      inPlace = rule.present();
      repairs.incrementAndGet();
      LOG.infof("installed the IMDS redirect (installs so far: %d)", repairs.get());
    } catch (RuntimeException e) {
      inPlace = false;
      LOG.errorf("cannot install the IMDS redirect: %s", e.getMessage());
    }
  }

  public boolean inPlace() {
    return inPlace;
  }

  /** Installs and repairs made so far (the first install counts). */
  public long installs() {
    return repairs.get();
  }

  public synchronized void stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    rule.remove();
    inPlace = false;
    LOG.info("removed the IMDS redirect");
  }
}
