package dev.podidentity.testsupport.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The build-time rule that keeps every service's {@code core} pure: a class in a {@code core}
 * package may use only {@code java.*}, the events-schema contract and its own core. Frameworks,
 * Kafka, fabric8 and the Azure SDK belong in adapters.
 */
public final class CoreArchitecture {
  /** The contract's package; its Kafka glue is not part of what a core may use. */
  public static final String EVENTS = "dev.podidentity.events";

  private CoreArchitecture() {}

  /**
   * The rule for the services under {@code basePackage} (e.g. {@code dev.podidentity.assigner}).
   */
  public static ArchRule coreIsPure(String basePackage) {
    return classes()
        .that()
        .resideInAPackage(basePackage + ".core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", EVENTS, basePackage + ".core..")
        .because("core holds the pure decisions: no framework, no I/O, table-testable")
        .allowEmptyShould(true);
  }

  /** Checks {@code basePackage}'s production classes; throws AssertionError listing violations. */
  public static void check(String basePackage) {
    coreIsPure(basePackage).check(productionClasses(basePackage));
  }

  public static JavaClasses productionClasses(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(basePackage);
  }
}
