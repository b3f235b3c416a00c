package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void helpListsTheFlags() {
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new Main()).setOut(new PrintWriter(out));

    int exit = cmd.execute("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--arm-port",
            "--imds-port",
            "--seed",
            "--patch-latency",
            "--time-scale",
            "--trust-dir");
  }

  @Test
  void latencyAcceptsIsoDurationsAndSeconds() {
    assertThat(Main.parseDuration("PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Main.parseDuration("0.5")).isEqualTo(Duration.ofMillis(500));
  }
}
