package dev.podidentity.assigner.adapter.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.msi.fluent.ManagedServiceIdentityClient;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.core.CloudIdentity;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.assigner.port.CloudCalls;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.events.ComputeTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cloud port over the Azure SDK's inner compute clients. Updates carry only the identity delta
 * ({@code {id: {}}} adds, {@code {id: null}} removes): the fluent {@code update().apply()} would
 * PATCH the whole model and clobber concurrent changes (aad-pod-identity #635). Every call is
 * bounded by a timeout.
 */
public final class AzureCloud implements CloudPort {
  private final Function<String, ComputeManagementClient> clientForSubscription;
  private final Map<String, ComputeManagementClient> clients = new ConcurrentHashMap<>();
  private final Function<String, ManagedServiceIdentityClient> identitiesForSubscription;
  private final Map<String, ManagedServiceIdentityClient> identityClients =
      new ConcurrentHashMap<>();
  private final Duration timeout;
  private final CloudCalls calls;

  /** What the last answer said about each target: the identity type of its next PATCH. */
  private final Map<ComputeTarget, Known> known = new ConcurrentHashMap<>();

  private static final Delta NOTHING = new Delta(new TreeSet<>(), new TreeSet<>());

  private record Known(boolean systemAssigned, Set<String> userAssigned, String etag) {}

  /**
   * Targets may live in several subscriptions; the SDK's client is per subscription. {@code calls}
   * hears of every request as it is made (metrics).
   */
  public AzureCloud(
      Function<String, ComputeManagementClient> clientForSubscription,
      Function<String, ManagedServiceIdentityClient> identitiesForSubscription,
      Duration timeout,
      CloudCalls calls) {
    this.clientForSubscription = clientForSubscription;
    this.identitiesForSubscription = identitiesForSubscription;
    this.timeout = timeout;
    this.calls = calls;
  }

  private ComputeManagementClient compute(ComputeTarget t) {
    return clients.computeIfAbsent(t.subscriptionId(), clientForSubscription);
  }

  @Override
  public boolean identityExists(String resourceId) {
    try {
      ResourceId id = ResourceId.fromString(resourceId);
      identityClients
          .computeIfAbsent(id.subscriptionId(), identitiesForSubscription)
          .getUserAssignedIdentities()
          .getByResourceGroupWithResponseAsync(id.resourceGroupName(), id.name())
          .block(timeout);
      return true;
    } catch (ManagementException e) {
      return e.getResponse() == null || e.getResponse().getStatusCode() != 404;
    } catch (RuntimeException e) {
      return true; // unparseable id, timeout, connection: no definite "not found"
    }
  }

  @Override
  public Map<String, CloudIdentity> identities(ComputeTarget target) {
    try {
      return remember(target, read(target));
    } catch (RuntimeException e) {
      throw ArmErrors.classify(e, NOTHING);
    }
  }

  /**
   * ARM wants the whole identity type with the delta, so the PATCH depends on what we last read.
   * When that read carried an etag the PATCH is conditional on it (If-Match): no read before it,
   * and if someone changed the target since (turned the system-assigned identity on, say) ARM
   * answers 412, we read again and retry once. Without an etag we read right before the PATCH,
   * because a stale type would silently switch a system-assigned identity off.
   */
  @Override
  public Map<String, CloudIdentity> update(ComputeTarget target, Delta delta) {
    try {
      Known before = known.get(target);
      if (before == null || before.etag() == null) {
        identities(target);
        before = known.get(target);
      }
      try {
        return applied(target, write(target, before, delta), delta);
      } catch (ManagementException e) {
        if (e.getResponse() == null || e.getResponse().getStatusCode() != 412) {
          throw e;
        }
        identities(target);
        return applied(target, write(target, known.get(target), delta), delta);
      }
    } catch (CloudException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ArmErrors.classify(e, delta);
    }
  }

  /**
   * What the target holds after an update, if its answer shows the update's own change. The SDK can
   * end an operation ARM accepted, and applied, with an answer that does not show it: when the read
   * of the resource at the end of the operation fails, it returns the resource as the PATCH's first
   * answer described it. Taken as the target, that would resolve the ledger's intent as not
   * applied, and the identities it added would never be owned (nor ever removed). So such an answer
   * is an unknown outcome: nothing of it is kept, and the target is read back before anything is
   * decided.
   */
  private Map<String, CloudIdentity> applied(ComputeTarget target, Snapshot s, Delta delta) {
    Map<String, CloudIdentity> after = remember(target, s);
    boolean shown =
        after.keySet().containsAll(delta.add())
            && delta.remove().stream().noneMatch(after::containsKey);
    if (!shown) {
      known.remove(target);
      throw CloudException.of(
          CloudFailure.TRANSIENT,
          "the update's answer does not show its own change (a read after it failed): its outcome"
              + " is unknown until the target is read back");
    }
    return after;
  }

  static ResourceIdentityType typeAfter(boolean system, boolean user) {
    if (system && user) {
      return ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED;
    }
    if (system) {
      return ResourceIdentityType.SYSTEM_ASSIGNED;
    }
    return user ? ResourceIdentityType.USER_ASSIGNED : ResourceIdentityType.NONE;
  }

  /** Makes one ARM request on {@code t} and reports it, with its outcome, as {@code operation}. */
  private <T> T call(ComputeTarget t, String operation, Delta delta, Supplier<T> request) {
    long start = System.nanoTime();
    try {
      T result = request.get();
      calls.completed(t.kind(), operation, "ok", System.nanoTime() - start);
      return result;
    } catch (RuntimeException e) {
      calls.completed(t.kind(), operation, outcome(e, delta), System.nanoTime() - start);
      throw e;
    }
  }

  private static String outcome(RuntimeException e, Delta delta) {
    if (e instanceof ManagementException m
        && m.getResponse() != null
        && m.getResponse().getStatusCode() == 412) {
      return "precondition_failed";
    }
    return ArmErrors.classify(e, delta).kind().name().toLowerCase(Locale.ROOT);
  }

  /** The identity block of a target: (type, user identities), read fresh. */
  private Snapshot read(ComputeTarget t) {
    return call(t, "GET", NOTHING, () -> get(t));
  }

  private Snapshot get(ComputeTarget t) {
    if (t.kind() == ComputeTarget.Kind.SCALE_SET) {
      var vmss =
          compute(t)
              .getVirtualMachineScaleSets()
              .getByResourceGroupAsync(t.resourceGroup(), t.name());
      var inner = vmss.block(timeout);
      return Snapshot.of(inner.etag(), inner.identity());
    }
    var vm = compute(t).getVirtualMachines().getByResourceGroupAsync(t.resourceGroup(), t.name());
    var inner = vm.block(timeout);
    return Snapshot.of(inner.etag(), inner.identity());
  }

  private Snapshot write(ComputeTarget t, Known before, Delta delta) {
    return call(t, "PATCH", delta, () -> patch(t, before, delta));
  }

  private Snapshot patch(ComputeTarget t, Known before, Delta delta) {
    Set<String> after = new HashSet<>(before.userAssigned());
    after.addAll(delta.add());
    after.removeAll(delta.remove());
    Map<String, VirtualMachineIdentityUserAssignedIdentities> changes = new HashMap<>();
    delta.add().forEach(id -> changes.put(id, new VirtualMachineIdentityUserAssignedIdentities()));
    delta.remove().forEach(id -> changes.put(id, null));
    ResourceIdentityType type = typeAfter(before.systemAssigned(), !after.isEmpty());
    // With no user identity left ARM wants the type alone, without the map.
    Map<String, VirtualMachineIdentityUserAssignedIdentities> body =
        after.isEmpty() ? null : changes;
    if (t.kind() == ComputeTarget.Kind.SCALE_SET) {
      var update =
          new VirtualMachineScaleSetUpdate()
              .withIdentity(
                  new VirtualMachineScaleSetIdentity()
                      .withType(type)
                      .withUserAssignedIdentities(body));
      var vmss =
          compute(t)
              .getVirtualMachineScaleSets()
              .updateAsync(t.resourceGroup(), t.name(), update, before.etag(), null)
              .block(timeout);
      return Snapshot.of(vmss.etag(), vmss.identity());
    }
    var update =
        new VirtualMachineUpdateInner()
            .withIdentity(
                new VirtualMachineIdentity().withType(type).withUserAssignedIdentities(body));
    var vm =
        compute(t)
            .getVirtualMachines()
            .updateAsync(t.resourceGroup(), t.name(), update, before.etag(), null)
            .block(timeout);
    return Snapshot.of(vm.etag(), vm.identity());
  }

  private Map<String, CloudIdentity> remember(ComputeTarget target, Snapshot s) {
    Map<String, CloudIdentity> out = new HashMap<>();
    if (s.users() != null) {
      s.users()
          .forEach(
              (id, v) ->
                  out.put(
                      id.toLowerCase(java.util.Locale.ROOT),
                      new CloudIdentity(
                          id,
                          v == null ? null : v.clientId(),
                          v == null ? null : v.principalId())));
    }
    boolean system =
        s.type() != null
            && s.type().toString().toLowerCase(java.util.Locale.ROOT).contains("system");
    known.put(target, new Known(system, Set.copyOf(out.keySet()), s.etag()));
    return Map.copyOf(out);
  }

  private record Snapshot(
      String etag,
      ResourceIdentityType type,
      Map<String, VirtualMachineIdentityUserAssignedIdentities> users) {
    static Snapshot of(String etag, VirtualMachineScaleSetIdentity id) {
      return id == null
          ? new Snapshot(etag, ResourceIdentityType.NONE, null)
          : new Snapshot(etag, id.type(), id.userAssignedIdentities());
    }

    static Snapshot of(String etag, VirtualMachineIdentity id) {
      return id == null
          ? new Snapshot(etag, ResourceIdentityType.NONE, null)
          : new Snapshot(etag, id.type(), id.userAssignedIdentities());
    }
  }
}
