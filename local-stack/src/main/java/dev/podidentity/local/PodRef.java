package dev.podidentity.local;

/** A pod the stack scheduled: its node and its (loopback) IP. */
public record PodRef(String namespace, String name, String uid, String ip, SimNode node) {}
