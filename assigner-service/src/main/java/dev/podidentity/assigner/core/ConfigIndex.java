package dev.podidentity.assigner.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Eager;
import dev.podidentity.events.IdentityRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AzureIdentities and AzureIdentityBindings, indexed the way the planner asks: bindings by
 * selector, identities by namespace and name, and the bindings that are eager on a node pool.
 * Exceptions don't concern the assigner.
 */
public final class ConfigIndex {
  private final boolean eagerByDefault;
  private final Map<ObjectRef, IdentityRecord> identities = new HashMap<>();
  private final Map<ObjectRef, BindingRecord> bindings = new TreeMap<>();
  // Those with the eager annotation: all that can be eager while the default is not.
  private final Map<ObjectRef, BindingRecord> annotated = new TreeMap<>();
  private final Map<String, TreeMap<ObjectRef, BindingRecord>> bindingsBySelector = new HashMap<>();

  /**
   * @param eagerByDefault whether a binding without the eager annotation is eager on every pool
   */
  public ConfigIndex(boolean eagerByDefault) {
    this.eagerByDefault = eagerByDefault;
  }

  /** Stores a config record; returns false when it is of a kind the assigner ignores. */
  public boolean put(ConfigRecord record) {
    ObjectRef ref = new ObjectRef(record.namespace(), record.name());
    if (record instanceof IdentityRecord identity) {
      identities.put(ref, identity);
      return true;
    }
    if (record instanceof BindingRecord binding) {
      unindex(bindings.put(ref, binding), ref);
      if (binding.eager() != null) {
        annotated.put(ref, binding);
      }
      if (binding.selector() != null && !binding.selector().isEmpty()) {
        bindingsBySelector
            .computeIfAbsent(binding.selector(), s -> new TreeMap<>())
            .put(ref, binding);
      }
      return true;
    }
    return false;
  }

  /** Removes by kind (a CRD kind name) and name; returns whether something was removed. */
  public boolean remove(String kind, ObjectRef ref) {
    if (ConfigRecord.AZURE_IDENTITY.equals(kind)) {
      return identities.remove(ref) != null;
    }
    if (ConfigRecord.AZURE_IDENTITY_BINDING.equals(kind)) {
      BindingRecord old = bindings.remove(ref);
      unindex(old, ref);
      return old != null;
    }
    return false;
  }

  private void unindex(BindingRecord old, ObjectRef ref) {
    annotated.remove(ref);
    if (old == null || old.selector() == null) {
      return;
    }
    TreeMap<ObjectRef, BindingRecord> same = bindingsBySelector.get(old.selector());
    if (same != null) {
      same.remove(ref);
      if (same.isEmpty()) {
        bindingsBySelector.remove(old.selector());
      }
    }
  }

  /** Bindings with this selector, sorted by namespace and name. */
  public List<BindingRecord> bindingsFor(String selector) {
    TreeMap<ObjectRef, BindingRecord> same = bindingsBySelector.get(selector);
    return same == null ? List.of() : new ArrayList<>(same.values());
  }

  /**
   * The valid bindings that keep their identity on a target whose nodes are in {@code pools}
   * ({@link Eager}'s rule), sorted by namespace and name.
   */
  public List<BindingRecord> eagerBindings(Set<String> pools) {
    List<BindingRecord> out = new ArrayList<>();
    for (BindingRecord b : (eagerByDefault ? bindings : annotated).values()) {
      if (b.valid()
          && b.azureIdentity() != null
          && Eager.applies(b.eager(), eagerByDefault, pools)) {
        out.add(b);
      }
    }
    return out;
  }

  /** Whether any binding can be eager (then node pools concern planning at all). */
  public boolean hasEagerBindings() {
    return !(eagerByDefault ? bindings : annotated).isEmpty();
  }

  public IdentityRecord identity(ObjectRef ref) {
    return identities.get(ref);
  }

  public int identityCount() {
    return identities.size();
  }
}
