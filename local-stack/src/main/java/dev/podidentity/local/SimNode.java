package dev.podidentity.local;

/**
 * One simulated node: a scale-set VM in the simulator, a Node object, and its NMI.
 *
 * @param imdsEndpoint the VM's IMDS base URL in the simulator (the NMI's upstream)
 * @param nmiPort the NMI's token port on 127.0.0.1 (what 169.254.169.254:80 would DNAT to)
 * @param nmiManagementPort health and metrics of that NMI
 * @param scaleSet the node pool (scale set) the VM belongs to
 */
public record SimNode(
    int index,
    String name,
    String instanceId,
    String providerId,
    String imdsEndpoint,
    int nmiPort,
    int nmiManagementPort,
    SimScaleSet scaleSet) {}
