package dev.podidentity.azuresim.state;

/**
 * An app registration that may use the client-credentials grant.
 *
 * @param secret the client secret, or null if only a certificate is registered
 * @param certificatePem the PEM of the registered certificate, or null
 */
public record ServicePrincipal(
    String tenantId, String clientId, String objectId, String secret, String certificatePem) {}
