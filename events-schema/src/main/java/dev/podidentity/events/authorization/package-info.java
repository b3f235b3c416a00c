/**
 * Who may have a token, and for which identity: invariant 1 ("no wrong token") as pure functions
 * over the contract's records. The NMI answers every request with {@link
 * dev.podidentity.events.authorization.Authorizer}; tools that explain an answer (the {@code
 * podidentity explain} command) feed the same records into the same {@link
 * dev.podidentity.events.authorization.ViewState} and ask the same function, so what they say is
 * what the NMI would do. Plain Java over the records, no framework, no I/O.
 */
package dev.podidentity.events.authorization;
