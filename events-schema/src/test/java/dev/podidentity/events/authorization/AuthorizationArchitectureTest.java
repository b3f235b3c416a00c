package dev.podidentity.events.authorization;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The authorisation rule is used by every service's pure core (the NMI's, the command line's), so
 * it must be as pure as they are: plain Java and the contract's records, no Jackson beyond their
 * annotations, no Kafka, no framework.
 */
class AuthorizationArchitectureTest {
  private static final String PACKAGE = "dev.podidentity.events.authorization";

  @Test
  void authorisationDependsOnlyOnJavaAndTheContractsRecords() {
    classes()
        .that()
        .resideInAPackage(PACKAGE)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.podidentity.events", PACKAGE)
        .because("every core calls it, and a core does no I/O and links no framework")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PACKAGE));
  }
}
