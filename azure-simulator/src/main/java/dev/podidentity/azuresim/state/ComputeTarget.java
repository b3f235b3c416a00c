package dev.podidentity.azuresim.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A scale set or a standalone VM: the unit ARM attaches identities to. Mutable: its identities
 * change through {@link AzureState}, which synchronises on the target, and its operations ({@link
 * #beginOperation}) synchronise on it too.
 */
public final class ComputeTarget {

  /** Which ARM resource type this is. */
  public enum Kind {
    SCALE_SET("virtualMachineScaleSets", "Microsoft.Compute/virtualMachineScaleSets"),
    VIRTUAL_MACHINE("virtualMachines", "Microsoft.Compute/virtualMachines");

    public final String segment;
    public final String armType;

    Kind(String segment, String armType) {
      this.segment = segment;
      this.armType = armType;
    }
  }

  private final Kind kind;
  private final String subscriptionId;
  private final String resourceGroup;
  private final String name;
  private final String location;
  private final String uniqueId = UUID.randomUUID().toString();
  private final List<VmInstance> instances = new ArrayList<>();
  private final Map<String, ManagedIdentity> userIdentities = new LinkedHashMap<>();
  private SystemIdentity systemIdentity;
  private String provisioningState = "Succeeded";
  private String operationInProgress;
  private long version = 1;

  ComputeTarget(
      Kind kind, String subscriptionId, String resourceGroup, String name, String location) {
    this.kind = kind;
    this.subscriptionId = subscriptionId;
    this.resourceGroup = resourceGroup;
    this.name = name;
    this.location = location;
  }

  public String id() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + kind.armType
        + "/"
        + name;
  }

  public String key() {
    return id().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  public String subscriptionId() {
    return subscriptionId;
  }

  public String resourceGroup() {
    return resourceGroup;
  }

  public String name() {
    return name;
  }

  public String location() {
    return location;
  }

  public String uniqueId() {
    return uniqueId;
  }

  public synchronized List<VmInstance> instances() {
    return List.copyOf(instances);
  }

  synchronized void addInstance(VmInstance vm) {
    instances.add(vm);
  }

  /** A consistent copy of the identity part, for rendering and IMDS decisions. */
  public synchronized IdentitySnapshot identity() {
    IdentityType type = IdentityType.of(systemIdentity != null, !userIdentities.isEmpty());
    return new IdentitySnapshot(
        type, systemIdentity, Collections.unmodifiableMap(new LinkedHashMap<>(userIdentities)));
  }

  /**
   * ARM's etag (a quoted string): it changes with every write to the model, so a writer sending it
   * back in If-Match learns, by a 412, that someone else wrote since its read.
   */
  public synchronized String etag() {
    return "\"" + version + "\"";
  }

  synchronized void touch() {
    version++;
  }

  /**
   * Marks an operation as running on this target; ARM answers 409 to a second writer meanwhile, and
   * to any write on a scale set being deleted.
   */
  public synchronized Optional<IdentityError> beginOperation(String operationId) {
    if ("Deleting".equals(provisioningState)) {
      return Optional.of(
          new IdentityError(
              409,
              "OperationNotAllowed",
              "Operation 'Update' is not allowed on '"
                  + name
                  + "' since it is marked for deletion (provisioningState 'Deleting')."));
    }
    if (operationInProgress != null) {
      return Optional.of(
          new IdentityError(
              409,
              "OperationNotAllowed",
              "Operation 'Update' is not allowed since the resource '"
                  + name
                  + "' is in the middle of another operation ("
                  + operationInProgress
                  + "). Retry after it completes."));
    }
    operationInProgress = operationId;
    provisioningState = "Updating";
    return Optional.empty();
  }

  /** The operation begun by {@link #beginOperation} has ended. */
  public synchronized void endOperation() {
    operationInProgress = null;
    if ("Updating".equals(provisioningState)) {
      provisioningState = "Succeeded";
    }
  }

  /** A scale set being deleted refuses every write ({@link #beginOperation}). */
  public void markDeleting(boolean deleting) {
    provisioningState(deleting ? "Deleting" : "Succeeded");
  }

  public synchronized String provisioningState() {
    return provisioningState;
  }

  synchronized void provisioningState(String state) {
    this.provisioningState = state;
  }

  synchronized Map<String, ManagedIdentity> userIdentitiesMutable() {
    return userIdentities;
  }

  synchronized SystemIdentity systemIdentity() {
    return systemIdentity;
  }

  synchronized void systemIdentity(SystemIdentity identity) {
    this.systemIdentity = identity;
  }

  /**
   * The identity of a target at one instant.
   *
   * @param userAssigned keyed by lowercased identity id, in the order they were added
   */
  public record IdentitySnapshot(
      IdentityType type, SystemIdentity system, Map<String, ManagedIdentity> userAssigned) {}

  /** The system-assigned identity of a target: its service principal's ids. */
  public record SystemIdentity(String principalId, String clientId) {}
}
