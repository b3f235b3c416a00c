package dev.podidentity.azuresim.state;

/**
 * One VM: an instance of a scale set, or a standalone VM (then {@code instanceId} is null). Each
 * has its own IMDS; the VM's system identity and user identities are those of its target.
 */
public record VmInstance(String name, String instanceId, String targetKey, String vmId) {}
