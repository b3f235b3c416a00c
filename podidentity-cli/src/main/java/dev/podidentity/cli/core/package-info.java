/**
 * The command's pure decisions: the objects each command writes, flag parsing and table layout. No
 * I/O and no framework.
 */
package dev.podidentity.cli.core;
