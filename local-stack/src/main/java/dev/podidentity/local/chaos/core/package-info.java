/**
 * The chaos run's pure parts: the seeded fault schedule and workload choices, the oracle's checks
 * (tokens, protected identities, convergence, ledger against Azure, memory) and the report. No I/O:
 * the engine in the parent package feeds them what it saw.
 */
package dev.podidentity.local.chaos.core;
