package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * An AzureIdentity, with aad-pod-identity's field names. {@code namespaced} is true when the object
 * carries {@code aadpodidentity.k8s.io/Behavior: namespaced}. {@code federated} is true for a type
 * 0 identity annotated {@value #FEDERATED_ANNOTATION}{@code : "true"}: its tokens come from Entra
 * by workload identity federation (the pod's service-account token as the client assertion), so it
 * is never put on a compute target. Absent in older records, which means false. The watcher
 * validates it: {@code valid} false with {@code invalidReason} is still published, so assignments
 * can report the reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String name,
    @JsonProperty(required = true) IdentityType type,
    String resourceId,
    String clientId,
    String tenantId,
    SecretRef clientPassword,
    List<String> auxiliaryTenantIds,
    String adResourceId,
    String adEndpoint,
    boolean namespaced,
    // Absent in records written before federation: false, not a parse error.
    @JsonSetter(nulls = Nulls.AS_EMPTY) boolean federated,
    @JsonProperty(required = true) boolean valid,
    String invalidReason,
    String resourceVersion)
    implements ConfigRecord {

  /**
   * The annotation that marks a type 0 identity federated. An annotation, not a new type, so that
   * every existing AzureIdentity keeps its meaning and aad-pod-identity's CRD and MIC still accept
   * the object (under aad-pod-identity it is an ordinary scale-set identity again).
   */
  public static final String FEDERATED_ANNOTATION = "podidentity.k8s.io/federated";

  @JsonCreator
  public IdentityRecord {
    Require.version(schemaVersion);
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    Require.present(type, "type");
    auxiliaryTenantIds = Require.list(auxiliaryTenantIds);
    if (!valid && (invalidReason == null || invalidReason.isBlank())) {
      throw new IllegalArgumentException("an invalid identity needs 'invalidReason'");
    }
  }

  /** The record as before federation existed: not federated. */
  public IdentityRecord(
      int schemaVersion,
      String namespace,
      String name,
      IdentityType type,
      String resourceId,
      String clientId,
      String tenantId,
      SecretRef clientPassword,
      List<String> auxiliaryTenantIds,
      String adResourceId,
      String adEndpoint,
      boolean namespaced,
      boolean valid,
      String invalidReason,
      String resourceVersion) {
    this(
        schemaVersion,
        namespace,
        name,
        type,
        resourceId,
        clientId,
        tenantId,
        clientPassword,
        auxiliaryTenantIds,
        adResourceId,
        adEndpoint,
        namespaced,
        false,
        valid,
        invalidReason,
        resourceVersion);
  }

  /**
   * Whether this identity must be put on the compute target of its pods: the one rule. Only a user
   * assigned identity needs it, and not when its tokens come by federation.
   */
  @JsonIgnore
  public boolean needsCloudAssignment() {
    return type.needsCloudAssignment() && !federated;
  }

  @Override
  @JsonIgnore
  public String kind() {
    return AZURE_IDENTITY;
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.azureidentity.v1";
  }
}
