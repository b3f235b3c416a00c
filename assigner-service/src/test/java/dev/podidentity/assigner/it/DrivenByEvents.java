package dev.podidentity.assigner.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that feeds the assigner through {@link AssignerIT}'s helpers, which write with the
 * driver held there: one per class, on the shared broker.
 */
abstract class DrivenByEvents {

  @BeforeAll
  static void driver() {
    AssignerIT.driver = new EventsDriver();
  }

  @AfterAll
  static void closeDriver() {
    AssignerIT.driver.close();
  }
}
