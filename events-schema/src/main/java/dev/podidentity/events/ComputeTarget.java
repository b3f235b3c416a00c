package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Where identities are assigned: a virtual machine scale set, or a standalone VM (a target of one
 * node). ARM names are case-insensitive, so every part is kept lowercase; two spellings of one
 * target are equal.
 */
public record ComputeTarget(
    @JsonProperty(required = true) Kind kind,
    @JsonProperty(required = true) String subscriptionId,
    @JsonProperty(required = true) String resourceGroup,
    @JsonProperty(required = true) String name) {

  /** The two kinds of compute that carry user-assigned identities. */
  public enum Kind {
    @JsonProperty("VirtualMachineScaleSet")
    SCALE_SET,
    @JsonProperty("VirtualMachine")
    VIRTUAL_MACHINE
  }

  public ComputeTarget {
    Require.present(kind, "kind");
    subscriptionId = lower(Require.text(subscriptionId, "subscriptionId"));
    resourceGroup = lower(Require.text(resourceGroup, "resourceGroup"));
    name = lower(Require.text(name, "name"));
  }

  public static ComputeTarget scaleSet(String subscriptionId, String resourceGroup, String name) {
    return new ComputeTarget(Kind.SCALE_SET, subscriptionId, resourceGroup, name);
  }

  public static ComputeTarget virtualMachine(
      String subscriptionId, String resourceGroup, String name) {
    return new ComputeTarget(Kind.VIRTUAL_MACHINE, subscriptionId, resourceGroup, name);
  }

  /** The ARM resource id, lowercase. */
  @JsonIgnore
  public String armId() {
    String type =
        kind == Kind.SCALE_SET
            ? "microsoft.compute/virtualmachinescalesets/"
            : "microsoft.compute/virtualmachines/";
    return "/subscriptions/"
        + subscriptionId
        + "/resourcegroups/"
        + resourceGroup
        + "/providers/"
        + type
        + name;
  }

  /** The routing part of every key that belongs to this target (see {@link Keys}). */
  @JsonIgnore
  public String routingKey() {
    return armId();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
