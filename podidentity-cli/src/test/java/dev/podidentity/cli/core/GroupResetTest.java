package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.GroupReset.Change;
import dev.podidentity.cli.core.GroupReset.Group;
import dev.podidentity.cli.core.GroupReset.Member;
import dev.podidentity.cli.core.GroupReset.Position;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GroupResetTest {
  private static final Member REPLICA = new Member("m-1", "assigner-0", "/10.0.0.5");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a member: refused, nothing changes",
            List.of(REPLICA),
            List.of(new Position("pods", 0, 40L, 0)),
            true,
            List.of()),
        Arguments.of(
            "nothing committed: nothing to reset",
            List.of(),
            List.of(new Position("pods", 0, null, 0), new Position("pods", 1, null, 3)),
            false,
            List.of()),
        Arguments.of(
            "committed at the beginning already: no change",
            List.of(),
            List.of(new Position("pods", 0, 5L, 5)),
            false,
            List.of()),
        Arguments.of(
            "committed past the beginning: moved back to the partition's first offset",
            List.of(),
            List.of(
                new Position("assignments", 2, 17L, 4),
                new Position("pods", 0, null, 0),
                new Position("pods", 1, 9L, 0)),
            false,
            List.of(new Change("assignments", 2, 17, 4), new Change("pods", 1, 9, 0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resetsOnlyAnEmptyGroupAndOnlyWhatIsCommittedPastTheBeginning(
      String name,
      List<Member> members,
      List<Position> positions,
      boolean refused,
      List<Change> changes) {
    GroupReset.Plan plan = GroupReset.plan(new Group("g", "Stable", members, positions));

    assertThat(plan.refused()).isEqualTo(refused);
    assertThat(plan.refusedFor()).isEqualTo(refused ? members : List.of());
    assertThat(plan.changes()).isEqualTo(changes);
  }
}
