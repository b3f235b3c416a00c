package dev.podidentity.testsupport.archfixture.clean.engine;

import dev.podidentity.testsupport.archfixture.clean.port.DecisionPort;

/** Fixture: an engine that reaches the outside only through a port it is given. */
public class PortedEngine {
  private final DecisionPort port;

  public PortedEngine(DecisionPort port) {
    this.port = port;
  }

  public Object run(String key) {
    return port.decide(key);
  }
}
