package dev.podidentity.testsupport.archfixture.clean.core;

/** Fixture: another class of the same core. */
final class Selector {
  private Selector() {}

  static String normalise(String s) {
    return s == null ? "" : s.trim();
  }
}
