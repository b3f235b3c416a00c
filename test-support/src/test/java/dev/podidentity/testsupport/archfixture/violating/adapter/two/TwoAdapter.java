package dev.podidentity.testsupport.archfixture.violating.adapter.two;

/** Fixture: the adapter another adapter reaches into. */
public class TwoAdapter {
  public String name() {
    return "two";
  }
}
