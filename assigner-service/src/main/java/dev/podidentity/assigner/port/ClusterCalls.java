package dev.podidentity.assigner.port;

/** Each AzureAssignedIdentity write the cluster adapter makes, as it made it. */
@FunctionalInterface
public interface ClusterCalls {
  /** What a write did to the object. */
  enum Write {
    /** The object did not exist and was created. */
    CREATE,
    /** The object existed and was replaced (its state changed). */
    UPDATE,
    /** The object was deleted (or was already gone). */
    DELETE
  }

  void written(Write write, boolean ok, long nanos);

  ClusterCalls NONE = (write, ok, nanos) -> {};
}
