package dev.podidentity.watcher.core;

/** What the watcher reads from a Node; {@code pool} is its node pool label, null when none. */
public record NodeInput(String name, String providerId, String pool, String resourceVersion) {

  public NodeInput(String name, String providerId, String resourceVersion) {
    this(name, providerId, null, resourceVersion);
  }
}
