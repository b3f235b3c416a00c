/**
 * The local stack's pure decisions: pod addresses, provider ids, progress lines, log tails. No I/O
 * and no framework: only {@code java.*} and the event contract.
 */
package dev.podidentity.local.core;
