package dev.podidentity.watcher.core;

/** What the watcher reads from a Node. */
public record NodeInput(String name, String providerId, String resourceVersion) {}
