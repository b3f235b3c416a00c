package dev.podidentity.local.port;

/** A pod as the API shows it, for the stand-in scheduler and kubelet. */
public record PodSeen(
    String namespace,
    String name,
    String node,
    String podIp,
    boolean hostNetwork,
    boolean deleting) {}
