package dev.podidentity.cli.core;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code replay --reset assigner}: moves a consumer group's committed offsets back to the start of
 * each partition, and only while the group has no member. A member would keep its own position and
 * commit over the reset (Kafka refuses the change anyway); the assigner's replicas must be scaled
 * to zero first. The assigner commits nothing and seeks to the beginning whenever it gains
 * partitions, so committed offsets are a leftover (of an older version, of a tool): a group without
 * any needs no reset.
 */
public final class GroupReset {
  /** A member of the group, as Kafka describes it. */
  public record Member(String memberId, String clientId, String host) {}

  /**
   * One partition of the group's topics: its committed offset ({@code null} when none) and the
   * first offset the partition still holds.
   */
  public record Position(String topic, int partition, Long committed, long beginning) {}

  /** The group as Kafka describes it now. */
  public record Group(String id, String state, List<Member> members, List<Position> positions) {
    public Group {
      members = List.copyOf(members);
      positions = List.copyOf(positions);
    }
  }

  /** One committed offset to move: from where to where. */
  public record Change(String topic, int partition, long from, long to) {}

  /** What to do: refuse (members listed), or these changes (none: nothing to reset). */
  public record Plan(List<Member> refusedFor, List<Change> changes) {
    public boolean refused() {
      return !refusedFor.isEmpty();
    }
  }

  private GroupReset() {}

  public static Plan plan(Group group) {
    if (!group.members().isEmpty()) {
      return new Plan(group.members(), List.of());
    }
    List<Change> changes = new ArrayList<>();
    for (Position p : group.positions()) {
      if (p.committed() != null && p.committed() != p.beginning()) {
        changes.add(new Change(p.topic(), p.partition(), p.committed(), p.beginning()));
      }
    }
    return new Plan(List.of(), changes);
  }

  /** {@code TOPIC PARTITION FROM TO}. */
  public static Table changesTable(List<Change> changes) {
    Table t = new Table("TOPIC", "PARTITION", "FROM", "TO");
    changes.forEach(
        c ->
            t.row(
                c.topic(),
                String.valueOf(c.partition()),
                String.valueOf(c.from()),
                String.valueOf(c.to())));
    return t;
  }

  /** {@code MEMBER CLIENT HOST}. */
  public static Table membersTable(List<Member> members) {
    Table t = new Table("MEMBER", "CLIENT", "HOST");
    members.forEach(m -> t.row(m.memberId(), m.clientId(), m.host()));
    return t;
  }
}
