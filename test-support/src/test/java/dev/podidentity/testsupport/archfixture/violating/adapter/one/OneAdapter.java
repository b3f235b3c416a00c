package dev.podidentity.testsupport.archfixture.violating.adapter.one;

import dev.podidentity.testsupport.archfixture.violating.adapter.two.TwoAdapter;

/** Fixture: an adapter that calls another adapter directly; the rule must reject it. */
public class OneAdapter {
  public String call(TwoAdapter other) {
    return other.name();
  }
}
