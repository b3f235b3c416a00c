package dev.podidentity.local;

import dev.podidentity.testsupport.arch.CoreArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void coreDependsOnlyOnJavaAndTheContract() {
    CoreArchitecture.check("dev.podidentity.local");
  }
}
