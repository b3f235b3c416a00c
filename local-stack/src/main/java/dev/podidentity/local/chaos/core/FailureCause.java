package dev.podidentity.local.chaos.core;

/**
 * What a probe's unsuccessful answer is counted as in the report: the client's exception, or the
 * status, with the NMI's own reason where it says it failed closed (its view not replayed yet, or
 * not confirmed current: the broker unreachable, or no heartbeat from the watcher), so a reader
 * tells the price of the freshness bound from the other failures.
 */
public final class FailureCause {
  private FailureCause() {}

  public static String of(int status, String body, String error) {
    if (error != null) {
      return error;
    }
    String cause = "status " + status;
    if (status != 503 || body == null) {
      return cause;
    }
    if (body.contains("not been confirmed current")) {
      return cause + " (view not current)";
    }
    if (body.contains("still being read")) {
      return cause + " (view not replayed)";
    }
    return cause;
  }
}
