package dev.podidentity.testsupport.arch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Shows the rules that every service applies to itself do fail on a violating class. */
class CoreArchitectureTest {
  private static final String FIXTURES = "dev.podidentity.testsupport.archfixture";
  private static final String VIOLATING = FIXTURES + ".violating";
  private static final JavaClasses VIOLATIONS = new ClassFileImporter().importPackages(VIOLATING);

  @Test
  void coreClassImportingKafkaFailsTheRule() {
    assertThatThrownBy(() -> CoreArchitecture.coreIsPure(VIOLATING).check(VIOLATIONS))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ImpureDecision")
        .hasMessageContaining("org.apache.kafka.clients.producer.ProducerRecord");
  }

  @Test
  void portHandingOutAFrameworkTypeFailsTheRule() {
    assertThatThrownBy(() -> CoreArchitecture.portsAreFrameworkFree(VIOLATING).check(VIOLATIONS))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LeakyPort")
        .hasMessageContaining("org.apache.kafka.clients.producer.ProducerRecord");
  }

  @Test
  void adapterCallingAnotherAdapterFailsTheRule() {
    assertThatThrownBy(() -> CoreArchitecture.adaptersAreIndependent(VIOLATING).check(VIOLATIONS))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("OneAdapter")
        .hasMessageContaining("TwoAdapter");
  }

  @Test
  void engineBuildingAnAdapterFailsTheRule() {
    assertThatThrownBy(() -> CoreArchitecture.engineUsesPorts(VIOLATING).check(VIOLATIONS))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AdapterBoundEngine")
        .hasMessageContaining("TwoAdapter");
  }

  @Test
  void aCleanSkeletonPassesWhileAdaptersMayUseAnything() {
    String base = FIXTURES + ".clean";
    var classes = new ClassFileImporter().importPackages(base);

    assertThatCode(() -> CoreArchitecture.skeleton(base).check(classes)).doesNotThrowAnyException();
  }
}
