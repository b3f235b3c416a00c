package dev.podidentity.testsupport.arch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Shows the rule that every service applies to itself does fail on a violating class. */
class CoreArchitectureTest {
  private static final String FIXTURES = "dev.podidentity.testsupport.archfixture";

  @Test
  void coreClassImportingKafkaFailsTheRule() {
    String base = FIXTURES + ".violating";
    var classes = new ClassFileImporter().importPackages(base);

    assertThatThrownBy(() -> CoreArchitecture.coreIsPure(base).check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ImpureDecision")
        .hasMessageContaining("org.apache.kafka.clients.producer.ProducerRecord");
  }

  @Test
  void coreUsingJavaTheContractAndItselfPassesWhileAdaptersMayUseAnything() {
    String base = FIXTURES + ".clean";
    var classes = new ClassFileImporter().importPackages(base);

    assertThatCode(() -> CoreArchitecture.coreIsPure(base).check(classes))
        .doesNotThrowAnyException();
  }
}
