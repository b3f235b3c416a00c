package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.nmi.adapter.iptables.IptablesRule;
import dev.podidentity.nmi.adapter.iptables.RuleKeeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The IMDS redirect for real: a "node" and a "pod" network namespace joined by a veth pair. The
 * rule keeper runs its commands inside the node namespace; the pod requests 169.254.169.254 and
 * must reach the server on the node's 127.0.0.1, which sees the pod's own address.
 */
@EnabledIf(
    value = "usable",
    disabledReason =
        "needs root, iproute2 (ip netns) and iptables: apt-get install iptables iproute2")
class IptablesIT {
  static final String ID = UUID.randomUUID().toString().substring(0, 6);
  static final String NODE = "nmi-node-" + ID;
  static final String POD = "nmi-pod-" + ID;
  static final int PORT = 2579;
  static Process server;

  static boolean usable() {
    return System.getProperty("os.name").toLowerCase().contains("linux")
        && NetnsTools.run(List.of("id", "-u")).output().trim().equals("0")
        && NetnsTools.run(List.of("ip", "netns", "list")).exit() == 0
        && NetnsTools.run(List.of("iptables", "-V")).exit() == 0;
  }

  static void sh(String... command) {
    NetnsTools.Result r = NetnsTools.run(List.of(command));
    assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
  }

  static List<String> java(String ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NetnsTools.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  @BeforeAll
  static void namespaces() throws Exception {
    sh("ip", "netns", "add", NODE);
    sh("ip", "netns", "add", POD);
    sh("ip", "link", "add", "vn" + ID, "type", "veth", "peer", "name", "vp" + ID);
    sh("ip", "link", "set", "vn" + ID, "netns", NODE);
    sh("ip", "link", "set", "vp" + ID, "netns", POD);
    sh("ip", "-n", NODE, "addr", "add", "10.250.0.1/24", "dev", "vn" + ID);
    sh("ip", "-n", POD, "addr", "add", "10.250.0.2/24", "dev", "vp" + ID);
    for (String ns : List.of(NODE, POD)) {
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    sh("ip", "-n", NODE, "link", "set", "vn" + ID, "up");
    sh("ip", "-n", POD, "link", "set", "vp" + ID, "up");
    sh("ip", "-n", POD, "route", "add", "169.254.169.254/32", "via", "10.250.0.1");
    server = new ProcessBuilder(java(NODE, "serve", "127.0.0.1", Integer.toString(PORT))).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("LISTENING");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (server != null) {
      server.destroyForcibly().waitFor();
    }
    NetnsTools.run(List.of("ip", "netns", "del", POD));
    NetnsTools.run(List.of("ip", "netns", "del", NODE));
  }

  static String probe() {
    return NetnsTools.run(java(POD, "probe", "http://169.254.169.254/metadata/instance"))
        .output()
        .trim();
  }

  static boolean rulePresent() {
    return NetnsTools.run(
                List.of(
                    "ip",
                    "netns",
                    "exec",
                    NODE,
                    "iptables",
                    "-t",
                    "nat",
                    "-C",
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
                    "127.0.0.1:" + PORT))
            .exit()
        == 0;
  }

  @Test
  void redirectsPodTrafficRepairsDriftAndRemovesTheRuleOnStop() {
    RuleKeeper keeper =
        new RuleKeeper(
            TestCluster.vertx(),
            new IptablesRule(List.of("ip", "netns", "exec", NODE), "iptables", "127.0.0.1", PORT));
    keeper.start(200);
    try {
      assertThat(keeper.inPlace()).isTrue();
      assertThat(probe()).isEqualTo("seen-from 10.250.0.2");

      // Drift: someone flushes the table; the keeper puts the rule back at its next check.
      sh("ip", "netns", "exec", NODE, "iptables", "-t", "nat", "-F", "PREROUTING");
      await().atMost(Duration.ofSeconds(20)).until(() -> keeper.installs() >= 2 && rulePresent());
      assertThat(probe()).isEqualTo("seen-from 10.250.0.2");
    } finally {
      keeper.stop();
    }

    assertThat(rulePresent()).isFalse();
    assertThat(keeper.inPlace()).isFalse();
    assertThat(probe()).startsWith("FAILED");
  }
}
