package dev.podidentity.watcher.core;

/** The Kubernetes object a warning is about: enough to fill an Event's {@code involvedObject}. */
public record ObjectRef(String kind, String namespace, String name, String uid) {}
