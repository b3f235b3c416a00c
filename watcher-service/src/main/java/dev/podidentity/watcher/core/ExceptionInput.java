package dev.podidentity.watcher.core;

import java.util.Map;

/**
 * What the watcher reads from an AzurePodIdentityException. An exception whose spec cannot be read
 * exempts no pod, so it is treated as absent ({@code readError} set) and warned about.
 */
public record ExceptionInput(
    ObjectRef ref, Map<String, String> podLabels, String resourceVersion, String readError) {}
