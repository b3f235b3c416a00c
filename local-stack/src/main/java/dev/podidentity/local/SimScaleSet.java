package dev.podidentity.local;

/**
 * One node pool of the stack: a scale set in the simulator.
 *
 * @param index 0-based; node {@code i} is in pool {@code i mod scaleSets}
 * @param pool the pool's name, its nodes' {@code kubernetes.azure.com/agentpool} label
 * @param name the scale set's name (its VMs are named after it)
 * @param id the scale set's ARM id
 */
public record SimScaleSet(int index, String pool, String name, String id) {}
