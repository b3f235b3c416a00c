package dev.podidentity.local;

/** A user-assigned identity in the simulator. */
public record SimIdentity(String name, String id, String clientId, String principalId) {}
