package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.chaos.core.TokenOracle.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenOracleTest {

  /**
   * Pod "a" bound to identity A over [100, 200] and again from 500; pod "b" (a new pod at a's IP
   * after 200) bound to B from 250.
   */
  private static TokenOracle history() {
    TokenOracle o = new TokenOracle();
    o.bound("a", "A", 100);
    o.unbound("a", "A", 200);
    o.bound("b", "B", 250);
    o.bound("a", "A", 500);
    return o;
  }

  static Stream<Arguments> grants() {
    return Stream.of(
        Arguments.of("inside the window", "a", "A", 120, 130, Verdict.OK),
        Arguments.of("request straddles the bind", "a", "A", 90, 110, Verdict.OK),
        Arguments.of("request straddles the unbind", "a", "A", 190, 260, Verdict.OK),
        Arguments.of("after the unbind: the view lagged", "a", "A", 300, 310, Verdict.STALE),
        Arguments.of("bound again, open-ended", "a", "A", 10_000, 10_010, Verdict.OK),
        Arguments.of("never bound to it", "a", "B", 300, 310, Verdict.WRONG),
        Arguments.of("previous owner's identity after IP reuse", "b", "A", 300, 310, Verdict.WRONG),
        Arguments.of("unknown pod", "c", "A", 300, 310, Verdict.WRONG),
        Arguments.of("before the pod was ever bound", "b", "B", 100, 120, Verdict.WRONG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grants")
  void judgesEachGrant(String what, String pod, String id, long sent, long got, Verdict want) {
    assertThat(history().judge(pod, id, sent, got)).isEqualTo(want);
  }

  @ParameterizedTest(name = "staleness at {0}")
  @MethodSource("stale")
  void stalenessIsTheTimeSinceTheUnbind(long sent, long lag) {
    assertThat(history().staleness("a", "A", sent)).isEqualTo(lag);
  }

  static Stream<Arguments> stale() {
    return Stream.of(Arguments.of(300L, 100L), Arguments.of(450L, 250L), Arguments.of(150L, 0L));
  }
}
