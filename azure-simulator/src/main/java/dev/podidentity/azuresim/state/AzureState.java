package dev.podidentity.azuresim.state;

import dev.podidentity.azuresim.state.ComputeTarget.IdentitySnapshot;
import dev.podidentity.azuresim.state.ComputeTarget.Kind;
import dev.podidentity.azuresim.state.ComputeTarget.SystemIdentity;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated cloud: subscriptions, resource groups, managed identities, scale sets and VMs,
 * service principals and role assignments. In memory and thread-safe; no I/O, so the identity
 * semantics are unit-testable without HTTP.
 */
public final class AzureState {

  /** ARM refuses a request naming more user identities than this. */
  public static final int MAX_IDENTITIES_PER_REQUEST = 150;

  private final String tenantId;
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
  private final Set<String> resourceGroups = ConcurrentHashMap.newKeySet();
  private final Map<String, ManagedIdentity> identities = new ConcurrentHashMap<>();
  private final Map<String, ComputeTarget> targets = new ConcurrentHashMap<>();
  private final Map<String, VmInstance> vms = new ConcurrentHashMap<>();
  private final Directory directory;
  private final FederatedCredentials federated = new FederatedCredentials();

  public AzureState(String tenantId) {
    this.tenantId = tenantId;
    this.directory = new Directory(tenantId);
  }

  public String tenantId() {
    return tenantId;
  }

  /** Service principals and role assignments. */
  public Directory directory() {
    return directory;
  }

  /** Federated identity credentials of the user-assigned identities. */
  public FederatedCredentials federatedCredentials() {
    return federated;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  // ---- subscriptions and resource groups

  public void ensureResourceGroup(String subscriptionId, String resourceGroup) {
    subscriptions.add(lower(subscriptionId));
    resourceGroups.add(lower(subscriptionId + "/" + resourceGroup));
  }

  public boolean subscriptionExists(String subscriptionId) {
    return subscriptions.contains(lower(subscriptionId));
  }

  public boolean resourceGroupExists(String subscriptionId, String resourceGroup) {
    return resourceGroups.contains(lower(subscriptionId + "/" + resourceGroup));
  }

  // ---- managed identities

  /** Creates the identity, or returns the existing one (ARM's PUT is idempotent). */
  public ManagedIdentity createIdentity(String sub, String rg, String name, String location) {
    ensureResourceGroup(sub, rg);
    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/"
            + rg
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + name;
    return identities.computeIfAbsent(
        lower(id),
        k ->
            new ManagedIdentity(
                id,
                sub,
                rg,
                name,
                location,
                tenantId,
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString()));
  }

  public Optional<ManagedIdentity> identity(String id) {
    return Optional.ofNullable(identities.get(lower(id)));
  }

  /**
   * Deleting an identity does not detach it from targets, as in Azure; IMDS then refuses it. Its
   * federated credentials go with it.
   */
  public boolean deleteIdentity(String id) {
    federated.deleteAll(lower(id));
    return identities.remove(lower(id)) != null;
  }

  /** The user-assigned identity with this client id (Entra's view of it), if it exists. */
  public Optional<ManagedIdentity> identityByClientId(String clientId) {
    return identities.values().stream()
        .filter(i -> i.clientId().equalsIgnoreCase(clientId))
        .findFirst();
  }

  public List<ManagedIdentity> listIdentities(String sub, String rgOrNull) {
    return identities.values().stream()
        .filter(i -> i.subscriptionId().equalsIgnoreCase(sub))
        .filter(i -> rgOrNull == null || i.resourceGroup().equalsIgnoreCase(rgOrNull))
        .sorted((a, b) -> a.key().compareTo(b.key()))
        .toList();
  }

  // ---- scale sets and VMs

  /**
   * Adds a scale set with {@code instances} VMs named like AKS nodes: the scale set name followed
   * by the instance id in six base-36 digits ({@code vmss000000}).
   */
  public ComputeTarget addScaleSet(
      String sub, String rg, String name, String location, int instances) {
    ComputeTarget t = addTarget(Kind.SCALE_SET, sub, rg, name, location);
    for (int i = 0; i < instances; i++) {
      String suffix = Integer.toString(i, 36);
      String vmName = name + "0".repeat(Math.max(0, 6 - suffix.length())) + suffix;
      registerVm(t, new VmInstance(vmName, Integer.toString(i), t.key(), uuid()));
    }
    return t;
  }

  public ComputeTarget addVirtualMachine(String sub, String rg, String name, String location) {
    ComputeTarget t = addTarget(Kind.VIRTUAL_MACHINE, sub, rg, name, location);
    registerVm(t, new VmInstance(name, null, t.key(), uuid()));
    return t;
  }

  private ComputeTarget addTarget(Kind kind, String sub, String rg, String name, String location) {
    ensureResourceGroup(sub, rg);
    ComputeTarget t = new ComputeTarget(kind, sub, rg, name, location);
    if (targets.putIfAbsent(t.key(), t) != null) {
      throw new IllegalArgumentException("already exists: " + t.id());
    }
    return t;
  }

  private void registerVm(ComputeTarget t, VmInstance vm) {
    if (vms.putIfAbsent(lower(vm.name()), vm) != null) {
      throw new IllegalArgumentException("VM name already used: " + vm.name());
    }
    t.addInstance(vm);
  }

  public Optional<ComputeTarget> target(Kind kind, String sub, String rg, String name) {
    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/"
            + rg
            + "/providers/"
            + kind.armType
            + "/"
            + name;
    return Optional.ofNullable(targets.get(lower(id)));
  }

  public Optional<ComputeTarget> targetById(String id) {
    return Optional.ofNullable(targets.get(lower(id)));
  }

  public Collection<ComputeTarget> targets() {
    return List.copyOf(targets.values());
  }

  public Optional<VmInstance> vm(String name) {
    return Optional.ofNullable(vms.get(lower(name)));
  }

  public ComputeTarget targetOf(VmInstance vm) {
    return targets.get(vm.targetKey());
  }

  public Collection<VmInstance> vms() {
    return List.copyOf(vms.values());
  }

  // ---- identity operations on targets

  /**
   * Checks an identity update the way ARM does before accepting it, so that a refused request
   * changes nothing. Returns the first error, or empty.
   *
   * @param linkedAuthorizationFailures identity ids (lowercased) the caller may not assign
   */
  public Optional<IdentityError> validate(
      ComputeTarget target, IdentityUpdate update, Set<String> linkedAuthorizationFailures) {
    Optional<IdentityError> malformed = update.malformed();
    if (malformed.isPresent()) {
      return malformed;
    }
    for (Map.Entry<String, Boolean> e : update.userAssigned().entrySet()) {
      if (e.getValue() && !identities.containsKey(lower(e.getKey()))) {
        return Optional.of(IdentityError.failedIdentityOperation(target, e.getKey()));
      }
    }
    for (Map.Entry<String, Boolean> e : update.userAssigned().entrySet()) {
      if (e.getValue() && linkedAuthorizationFailures.contains(lower(e.getKey()))) {
        return Optional.of(IdentityError.linkedAuthorizationFailed(target, e.getKey()));
      }
    }
    return Optional.empty();
  }

  /**
   * Applies a validated update with ARM's semantics: a type without UserAssigned drops every user
   * identity, a type without SystemAssigned drops the system identity, and removing the last user
   * identity drops UserAssigned from the type.
   */
  public IdentitySnapshot apply(ComputeTarget target, IdentityUpdate update) {
    synchronized (target) {
      Map<String, ManagedIdentity> users = target.userIdentitiesMutable();
      SystemIdentity system = target.systemIdentity();
      IdentityType requested = IdentityType.parse(update.type());
      if (requested == null) {
        boolean adds = update.userAssigned().containsValue(Boolean.TRUE);
        requested = IdentityType.of(system != null, adds || !users.isEmpty());
      }
      if (!requested.hasUser() || update.replace()) {
        users.clear();
      }
      if (requested.hasUser()) {
        for (Map.Entry<String, Boolean> e : update.userAssigned().entrySet()) {
          String key = lower(e.getKey());
          if (e.getValue()) {
            users.putIfAbsent(key, identities.get(key));
          } else {
            users.remove(key);
          }
        }
      }
      target.touch();
      if (requested.hasSystem() && system == null) {
        target.systemIdentity(new SystemIdentity(uuid(), uuid()));
      } else if (!requested.hasSystem()) {
        target.systemIdentity(null);
      }
      return target.identity();
    }
  }

  /** Puts identities on a target directly (seeding identities that were there before us). */
  public void assignDirectly(ComputeTarget target, List<String> identityIds, boolean system) {
    Map<String, Boolean> adds = new java.util.LinkedHashMap<>();
    for (String id : identityIds) {
      if (!identities.containsKey(lower(id))) {
        throw new IllegalArgumentException("no such identity: " + id);
      }
      adds.put(id, true);
    }
    IdentityType type = IdentityType.of(system, !adds.isEmpty());
    apply(target, new IdentityUpdate(type.wire(), adds, true));
  }

  // ---- IMDS

  /**
   * The identity IMDS may issue a token for on this VM ({@link ImdsSubjects#of}): one on its target
   * now that still exists.
   */
  public Optional<TokenSubject> imdsIdentity(
      VmInstance vm, String clientId, String resourceId, String objectId) {
    ComputeTarget target = targetOf(vm);
    return ImdsSubjects.of(
        target.id(), target.identity(), identities::get, clientId, resourceId, objectId);
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}
