package dev.podidentity.assigner.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An identity change of one target: {@code add = desired - actual}, {@code remove = (actual ∩
 * owned) - desired - protected}. Protected identities (immutable, the cluster identity, those
 * lingering) are never removed; identities we don't own are never removed (DESIGN.md invariant 2).
 */
public record Delta(SortedSet<String> add, SortedSet<String> remove) {
  /** ARM refuses more than this many user-assigned identities in one request. */
  public static final int MAX_IDENTITIES_PER_REQUEST = 150;

  public Delta {
    add = new TreeSet<>(add);
    remove = new TreeSet<>(remove);
  }

  public static Delta between(
      Set<String> desired,
      Map<String, CloudIdentity> actual,
      Collection<String> owned,
      Set<String> quarantined,
      Predicate<CloudIdentity> protectedIdentity) {
    TreeSet<String> add = new TreeSet<>(desired);
    add.removeAll(actual.keySet());
    add.removeAll(quarantined);
    TreeSet<String> remove = new TreeSet<>();
    for (String id : owned) {
      CloudIdentity onTarget = actual.get(id);
      if (onTarget != null && !desired.contains(id) && !protectedIdentity.test(onTarget)) {
        remove.add(id);
      }
    }
    return new Delta(add, remove);
  }

  public boolean isEmpty() {
    return add.isEmpty() && remove.isEmpty();
  }

  public int size() {
    return add.size() + remove.size();
  }

  /** Splits into requests of at most {@code max} identities each, additions first. */
  public List<Delta> chunks(int max) {
    List<Delta> out = new ArrayList<>();
    Iterator<String> adds = add.iterator();
    Iterator<String> removes = remove.iterator();
    while (adds.hasNext() || removes.hasNext()) {
      TreeSet<String> a = new TreeSet<>();
      TreeSet<String> r = new TreeSet<>();
      while (a.size() + r.size() < max && adds.hasNext()) {
        a.add(adds.next());
      }
      while (a.size() + r.size() < max && removes.hasNext()) {
        r.add(removes.next());
      }
      out.add(new Delta(a, r));
    }
    return out;
  }
}
