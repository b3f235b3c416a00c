/**
 * The pure decisions of the nmi-gateway: plain Java over the events-schema records, no framework
 * and no I/O, so they are table-tested in milliseconds. {@code ArchitectureTest} enforces it.
 */
package dev.podidentity.nmi.core;
