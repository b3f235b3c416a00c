package dev.podidentity.watcher.adapter.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * AzureIdentity spec with aad-pod-identity's JSON names (pkg/apis/aadpodidentity/v1/types.go).
 * {@code type} is an integer there (0 user-assigned identity, 1 service principal, 2 service
 * principal certificate; missing means 0); it is kept as whatever JSON value was written, so a
 * malformed object is reported as invalid instead of failing the whole list.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
// aad-pod-identity's Go decoder matched field names case-insensitively, so objects in the wild
// say ResourceID, ClientID, AzureIdentity or Selector; they must keep working unchanged.
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public class AzureIdentitySpec {
  @JsonProperty("type")
  public Object type;

  @JsonProperty("resourceID")
  public String resourceId;

  @JsonProperty("clientID")
  public String clientId;

  @JsonProperty("clientPassword")
  public SecretReference clientPassword;

  @JsonProperty("tenantID")
  public String tenantId;

  @JsonProperty("auxiliaryTenantIDs")
  public List<String> auxiliaryTenantIds;

  @JsonProperty("adResourceID")
  public String adResourceId;

  @JsonProperty("adEndpoint")
  public String adEndpoint;

  @JsonProperty("replicas")
  public Integer replicas;

  /** A core/v1 SecretReference: {@code {name, namespace}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
  public static class SecretReference {
    @JsonProperty("name")
    public String name;

    @JsonProperty("namespace")
    public String namespace;
  }
}
