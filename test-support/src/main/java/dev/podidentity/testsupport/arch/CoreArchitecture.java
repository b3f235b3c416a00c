package dev.podidentity.testsupport.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The build-time rules of every service's skeleton ({@code core}, {@code port}, {@code
 * adapter/<system>}):
 *
 * <ul>
 *   <li>{@code core} is pure: only {@code java.*}, the contract's records and rules, its flow
 *       control ({@code events.flow}), its authorisation rule ({@code events.authorization}) and
 *       its own core. Frameworks, Kafka, fabric8 and the Azure SDK belong in adapters.
 *   <li>ports speak plain Java, the contract, the core and Mutiny: no Vert.x, no SDK types, so an
 *       adapter can be swapped without touching the engine.
 *   <li>adapters never import each other: each talks to one system and meets the others only
 *       through ports.
 * </ul>
 */
public final class CoreArchitecture {
  /** The contract's package; its Kafka glue is not part of what a core may use. */
  public static final String EVENTS = "dev.podidentity.events";

  /** The contract's flow control (token bucket, backoff, Retry-After): pure, for every core. */
  public static final String EVENTS_FLOW = EVENTS + ".flow";

  /**
   * The contract's authorisation rule (the NMI's decision and view): pure, shared by the NMI and
   * the tools that explain its answers.
   */
  public static final String EVENTS_AUTHORIZATION = EVENTS + ".authorization";

  /**
   * Kafka's plain value naming a partition. The NMI's feed port is about partitions and nothing
   * else; a copy of this two-field class in the contract would only add conversions.
   */
  public static final String TOPIC_PARTITION = "org.apache.kafka.common.TopicPartition";

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
        .resideInAnyPackage(
            "java..", EVENTS, EVENTS_FLOW, EVENTS_AUTHORIZATION, basePackage + ".core..")
        .because("core holds the pure decisions: no framework, no I/O, table-testable")
        .allowEmptyShould(true);
  }

  /** Ports use no framework types: plain Java, the contract, the core, Mutiny. */
  public static ArchRule portsAreFrameworkFree(String basePackage) {
    return classes()
        .that()
        .resideInAPackage(basePackage + ".port..")
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage(
                    "java..",
                    EVENTS + "..",
                    basePackage + ".core..",
                    basePackage + ".port..",
                    "io.smallrye.mutiny..")
                .or(HasName.Predicates.name(TOPIC_PARTITION)))
        .because("an engine talks to ports, and a port must not tie it to one adapter's framework")
        .allowEmptyShould(true);
  }

  /** No adapter imports another: {@code adapter.azure} and {@code adapter.kafka} meet in ports. */
  public static ArchRule adaptersAreIndependent(String basePackage) {
    return slices()
        .matching(basePackage + ".adapter.(*)..")
        .should()
        .notDependOnEachOther()
        .because("each adapter talks to one system; they meet only through ports")
        .allowEmptyShould(true);
  }

  /**
   * The engine is composed from ports: it never builds or calls an adapter, nor reaches back into
   * the wiring (the service's root package), so a test can run it on ports of its own.
   */
  public static ArchRule engineUsesPorts(String basePackage) {
    return noClasses()
        .that()
        .resideInAPackage(basePackage + ".engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(basePackage + ".adapter..", basePackage)
        .because("the wiring hands the engine its adapters as ports")
        .allowEmptyShould(true);
  }

  /** All the skeleton's rules for {@code basePackage}. */
  public static ArchRule skeleton(String basePackage) {
    return CompositeArchRule.of(coreIsPure(basePackage))
        .and(portsAreFrameworkFree(basePackage))
        .and(adaptersAreIndependent(basePackage))
        .and(engineUsesPorts(basePackage));
  }

  /** Checks {@code basePackage}'s production classes; throws AssertionError listing violations. */
  public static void check(String basePackage) {
    skeleton(basePackage).check(productionClasses(basePackage));
  }

  public static JavaClasses productionClasses(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(basePackage);
  }
}
