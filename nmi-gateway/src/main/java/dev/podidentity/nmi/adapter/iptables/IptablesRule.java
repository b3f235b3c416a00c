package dev.podidentity.nmi.adapter.iptables;

import dev.podidentity.nmi.port.NatRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@link NatRule} with the iptables binary: a DNAT in {@code nat PREROUTING} for pod traffic to
 * 169.254.169.254:80. PREROUTING never sees the node's own traffic, so the NMI itself still reaches
 * the real IMDS. DNAT to a loopback address needs {@code route_localnet}, set on install.
 *
 * <p>{@code prefix} runs every command through a wrapper, e.g. {@code ip netns exec node1} in
 * tests; empty in production, where the DaemonSet runs in the host network namespace.
 */
public final class IptablesRule implements NatRule {
  private static final Logger LOG = Logger.getLogger(IptablesRule.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final List<String> prefix;
  private final String iptables;
  private final List<String> rule;

  public IptablesRule(List<String> prefix, String iptables, String targetHost, int targetPort) {
    this.prefix = List.copyOf(prefix);
    this.iptables = iptables;
    this.rule =
        List.of(
            "PREROUTING",
            "-d",
            "169.254.169.254/32",
            "-p",
            "tcp",
            "--dport",
            "80",
            "-j",
            "DNAT",
            "--to-destination",
            targetHost + ":" + targetPort);
  }

  @Override
  public boolean present() {
    return run(iptables("-C")) == 0;
  }

  @Override
  public void install() {
    // route_localnet lets a DNAT to 127.0.0.1 accept packets that arrive from pods.
    int sysctl = run(with("sysctl", "-w", "net.ipv4.conf.all.route_localnet=1"));
    if (sysctl != 0) {
      LOG.warnf("could not set net.ipv4.conf.all.route_localnet=1 (exit %d)", sysctl);
    }
    int rc = run(iptables("-A"));
    if (rc != 0) {
      throw new IllegalStateException("iptables -A failed with exit " + rc);
    }
  }

  @Override
  public void remove() {
    for (int i = 0; i < 16 && run(iptables("-D")) == 0; i++) {
      // every copy goes, should drift have added more than one
    }
  }

  private List<String> iptables(String op) {
    List<String> cmd = new ArrayList<>();
    cmd.add(iptables);
    cmd.add("-w");
    cmd.add("5");
    cmd.add("-t");
    cmd.add("nat");
    cmd.add(op);
    cmd.addAll(rule);
    return with(cmd.toArray(String[]::new));
  }

  private List<String> with(String... command) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(command));
    return cmd;
  }

  private static int run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warnf("%s timed out", command);
        return -1;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0 && !out.isEmpty()) {
        LOG.debugf("%s exited %d: %s", command, p.exitValue(), out);
      }
      return p.exitValue();
    } catch (IOException e) {
      LOG.warnf("cannot run %s: %s", command, e.getMessage());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
