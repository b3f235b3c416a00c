package dev.podidentity.testsupport.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NmiDaemonSetTest {

  @Test
  void theManifestsJvmOptionsAndArenaLimitAreRead() throws IOException {
    var env = NmiDaemonSet.environment(Path.of(".."));
    assertThat(env.get("JDK_JAVA_OPTIONS"))
        .contains("-XX:TieredStopAtLevel=1")
        .contains("-XX:CompileThresholdScaling=0.1");
    assertThat(env.get("MALLOC_ARENA_MAX")).isEqualTo("2");
  }

  @Test
  void aMissingVariableIsAClearError() {
    assertThatThrownBy(() -> NmiDaemonSet.envValue("env: []", "JDK_JAVA_OPTIONS"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JDK_JAVA_OPTIONS not found in k8s/base/nmi.yaml");
  }
}
