package dev.podidentity.assigner.core;

/** A namespaced Kubernetes object name. Sorted by namespace, then name, for deterministic plans. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {
  @Override
  public int compareTo(ObjectRef o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
