/**
 * The pure decisions of the watcher-service: plain Java over the events-schema records, no
 * framework and no I/O, so they are table-tested in milliseconds. {@code ArchitectureTest} enforces
 * it.
 */
package dev.podidentity.watcher.core;
