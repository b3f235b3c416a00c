package dev.podidentity.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process stopped with the stack stays stopped; one merely stopped or killed can start again. */
class ServiceProcessTest {
  @TempDir Path dir;

  @Test
  void aRestartAfterTheStackStoppedIsRefusedAndLeavesNothingRunning() throws Exception {
    ServiceProcess p =
        ServiceProcess.start("sleeper", List.of("sleep", "60"), Map.of(), dir.resolve("s.log"));
    p.kill();
    p.restart();
    assertThat(p.alive()).isTrue();

    p.close(Duration.ofSeconds(5));

    assertThat(p.alive()).isFalse();
    assertThatThrownBy(p::restart).hasMessageContaining("stopped with the stack");
    assertThat(p.alive()).isFalse();
  }
}
