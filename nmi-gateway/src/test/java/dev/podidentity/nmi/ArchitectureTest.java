package dev.podidentity.nmi;

import dev.podidentity.testsupport.arch.CoreArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void coreIsPurePortsAreFrameworkFreeAndAdaptersIndependent() {
    CoreArchitecture.check("dev.podidentity.nmi");
  }
}
