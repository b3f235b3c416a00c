package dev.podidentity.testsupport.archfixture.violating.engine;

import dev.podidentity.testsupport.archfixture.violating.adapter.two.TwoAdapter;

/** Fixture: an engine that builds an adapter instead of taking a port; the rule must reject it. */
public class AdapterBoundEngine {
  private final TwoAdapter adapter = new TwoAdapter();

  public String run() {
    return adapter.name();
  }
}
