package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node, the compute target it runs on and its node pool ({@code pool}, optional: eager assignment
 * chooses scale sets by it). {@code target} is null when the providerID could not be parsed; {@code
 * unmanagedReason} then says why, and pods on the node are never assigned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String name,
    String providerId,
    ComputeTarget target,
    String unmanagedReason,
    String pool,
    String resourceVersion)
    implements Event {

  public NodeRecord {
    Require.version(schemaVersion);
    Require.text(name, "name");
    if (target == null && (unmanagedReason == null || unmanagedReason.isBlank())) {
      throw new IllegalArgumentException("a node without 'target' needs 'unmanagedReason'");
    }
  }

  /** A node whose pool is not known (written before pools were, or not an AKS node). */
  public NodeRecord(
      int schemaVersion,
      String name,
      String providerId,
      ComputeTarget target,
      String unmanagedReason,
      String resourceVersion) {
    this(schemaVersion, name, providerId, target, unmanagedReason, null, resourceVersion);
  }

  /** Projects a node from its providerID. */
  public static NodeRecord of(String name, String providerId, String resourceVersion) {
    return of(name, providerId, null, resourceVersion);
  }

  /**
   * Projects a node from its providerID and its node pool ({@link Eager#POOL_LABEL}, null when it
   * has none).
   */
  public static NodeRecord of(String name, String providerId, String pool, String resourceVersion) {
    ProviderIdParse parse = ProviderIds.parse(providerId);
    if (parse instanceof ProviderIdParse.Parsed p) {
      return new NodeRecord(
          CURRENT_SCHEMA_VERSION, name, providerId, p.target(), null, pool, resourceVersion);
    }
    String reason = ((ProviderIdParse.Unparseable) parse).reason();
    return new NodeRecord(
        CURRENT_SCHEMA_VERSION, name, providerId, null, reason, pool, resourceVersion);
  }

  @JsonIgnore
  public boolean managed() {
    return target != null;
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.node.v1";
  }
}
