package dev.podidentity.nmi.core;

/**
 * A service principal's credential cannot be used: its Secret lacks a key, or the certificate
 * cannot be read. The message is the reason given to the pod (it never contains secret material).
 */
public final class CredentialException extends RuntimeException {
  public CredentialException(String message) {
    super(message, null, false, false);
  }
}
