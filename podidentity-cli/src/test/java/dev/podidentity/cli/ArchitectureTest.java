package dev.podidentity.cli;

import dev.podidentity.testsupport.arch.CoreArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void coreIsPurePortsAreFrameworkFreeAndAdaptersIndependent() {
    CoreArchitecture.check("dev.podidentity.cli");
  }
}
