package dev.podidentity.events.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's check of its settings at start, shared so that every service refuses bad settings the
 * same way: each problem names its key, and all of them are reported at once, so an operator fixes
 * a manifest in one pass rather than one restart per key.
 */
public final class SettingsCheck {
  private final String service;
  private final List<String> problems = new ArrayList<>();

  private SettingsCheck(String service) {
    this.service = service;
  }

  /** A check of {@code service}'s settings, named in the error. */
  public static SettingsCheck of(String service) {
    return new SettingsCheck(service);
  }

  /** Records {@code problem} unless {@code ok}. */
  public SettingsCheck require(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
    return this;
  }

  public SettingsCheck positive(Duration value, String key) {
    return require(value != null && !value.isNegative() && !value.isZero(), key + " must be > 0");
  }

  /** Zero turns the feature off; a negative duration is a mistake. */
  public SettingsCheck positiveOrOff(Duration value, String key) {
    return require(value != null && !value.isNegative(), key + " must be 0 (off) or > 0");
  }

  public SettingsCheck atLeast(long value, long min, String key) {
    return require(value >= min, key + " must be >= " + min + ", was " + value);
  }

  public SettingsCheck notBlank(String value, String key) {
    return require(value != null && !value.isBlank(), key + " must be set");
  }

  /** The problems found so far, in the order they were checked. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Throws, naming every problem, if there is any.
   *
   * @throws IllegalArgumentException "invalid {service} configuration: problem; problem"
   */
  public void orThrow() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid " + service + " configuration: " + String.join("; ", problems));
    }
  }
}
