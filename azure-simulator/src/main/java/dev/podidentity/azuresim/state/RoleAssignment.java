package dev.podidentity.azuresim.state;

/** A role for a principal (by object id) at a scope: a subscription or a resource group. */
public record RoleAssignment(String id, String principalId, String scope, String roleName) {}
