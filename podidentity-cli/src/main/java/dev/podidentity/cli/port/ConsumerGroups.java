package dev.podidentity.cli.port;

import dev.podidentity.cli.core.GroupReset;
import java.util.List;

/** Kafka consumer groups: how one stands on some topics, and moving its committed offsets. */
public interface ConsumerGroups {
  /**
   * The group's members and, for every partition of {@code topics}, its committed offset and the
   * partition's first offset. A group Kafka does not know is empty, with nothing committed.
   */
  GroupReset.Group describe(String group, List<String> topics);

  /** Commits each change's {@code to} offset for the group (which must have no member). */
  void commit(String group, List<GroupReset.Change> changes);
}
