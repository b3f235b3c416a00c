package dev.podidentity.azuresim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Seed data: the cloud a simulator starts with, from a JSON file ({@code --seed}) or the admin API.
 * See {@code src/main/resources/seed-example.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Seed(List<Subscription> subscriptions, List<Principal> servicePrincipals) {

  public Seed {
    subscriptions = subscriptions == null ? List.of() : subscriptions;
    servicePrincipals = servicePrincipals == null ? List.of() : servicePrincipals;
  }

  /** A subscription and its resource groups. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Subscription(String id, List<ResourceGroup> resourceGroups) {
    public Subscription {
      resourceGroups = resourceGroups == null ? List.of() : resourceGroups;
    }
  }

  /** A resource group; {@code identities} are names of user-assigned identities created in it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ResourceGroup(
      String name,
      String location,
      List<String> identities,
      List<Compute> scaleSets,
      List<Compute> virtualMachines) {
    public ResourceGroup {
      location = location == null ? "westeurope" : location;
      identities = identities == null ? List.of() : identities;
      scaleSets = scaleSets == null ? List.of() : scaleSets;
      virtualMachines = virtualMachines == null ? List.of() : virtualMachines;
    }
  }

  /**
   * A scale set (with {@code instances} VMs) or a standalone VM. {@code identities} are already on
   * it at start: names of identities in the same resource group, or full resource ids.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Compute(
      String name, Integer instances, Boolean systemAssigned, List<String> identities) {
    public Compute {
      instances = instances == null ? 1 : instances;
      systemAssigned = systemAssigned != null && systemAssigned;
      identities = identities == null ? List.of() : identities;
    }
  }

  /** A service principal that may use the client-credentials grant, with its roles. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Principal(String clientId, String secret, String certificatePem, List<Role> roles) {
    public Principal {
      roles = roles == null ? List.of() : roles;
    }
  }

  /**
   * A role at a scope ({@code /subscriptions/..} or {@code /subscriptions/../resourceGroups/..}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Role(String scope, String role) {}
}
