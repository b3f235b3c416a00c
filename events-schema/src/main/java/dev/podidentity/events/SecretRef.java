package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A reference to a Kubernetes Secret (AzureIdentity {@code clientPassword}). */
public record SecretRef(
    @JsonProperty(required = true) String namespace, @JsonProperty(required = true) String name) {
  public SecretRef {
    Require.text(name, "name");
    Require.text(namespace, "namespace");
  }
}
