package dev.podidentity.watcher.adapter.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** AzureAssignedIdentity spec: copies of the identity and binding, and the pod it is for. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureAssignedIdentitySpec {
  @JsonProperty("azureIdentityRef")
  public AzureIdentity azureIdentityRef;

  @JsonProperty("azureBindingRef")
  public AzureIdentityBinding azureBindingRef;

  @JsonProperty("pod")
  public String pod;

  @JsonProperty("podNamespace")
  public String podNamespace;

  @JsonProperty("nodename")
  public String nodeName;

  @JsonProperty("replicas")
  public Integer replicas;
}
