package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.BindingRecord;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NearMatchesTest {
  static Stream<Arguments> differences() {
    return Stream.of(
        Arguments.of("demo", "Demo", "differs only by case"),
        Arguments.of("demo", "demo ", "differs only by whitespace"),
        Arguments.of("my app", "myapp", "differs only by whitespace"),
        Arguments.of("demo", " DEMO", "differs only by case and whitespace"),
        Arguments.of("demo", "deme", "is 1 edit away"),
        Arguments.of("demo", "dmeo", "is 2 edits away"),
        Arguments.of("demo", "demo-app", null),
        Arguments.of("ab", "cd", null),
        Arguments.of("frontend", "backend", null));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("differences")
  void saysHowASelectorDiffersOrThatItIsNotNear(String label, String selector, String expected) {
    assertThat(NearMatches.difference(label, selector)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nearSelectors")
  void listsOnlyValidBindingsWithANearButNotEqualSelector(
      String name, BindingRecord b, boolean near) {
    assertThat(NearMatches.selectors("demo", List.of(b))).hasSize(near ? 1 : 0);
  }

  static Stream<Arguments> nearSelectors() {
    return Stream.of(
        Arguments.of("equal", new BindingRecord(1, "a", "b", "i", "demo", true, null, "1"), false),
        Arguments.of("near", new BindingRecord(1, "a", "b", "i", "Demo", true, null, "1"), true),
        Arguments.of(
            "near but invalid",
            new BindingRecord(1, "a", "b", "i", "Demo", false, "no identity", "1"),
            false),
        Arguments.of("far", new BindingRecord(1, "a", "b", "i", "web", true, null, "1"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labelKeyCases")
  void findsLabelKeysThatNearlySpellTheBindingLabel(
      String name, Map<String, String> labels, List<String> expected) {
    assertThat(NearMatches.labelKeys(labels)).isEqualTo(expected);
  }

  static Stream<Arguments> labelKeyCases() {
    return Stream.of(
        Arguments.of("none", Map.of("app", "web"), List.of()),
        Arguments.of("exact is no typo", Map.of("aadpodidbinding", "x"), List.of()),
        Arguments.of("camel case", Map.of("aadPodIdBinding", "x"), List.of("aadPodIdBinding=x")),
        Arguments.of("missing letter", Map.of("aadpodidbindng", "x"), List.of("aadpodidbindng=x")));
  }

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  /** k random single-character edits never take a string more than k edits away. */
  @ParameterizedTest
  @MethodSource("seeds")
  void editsAreAtMostTheNumberOfMutations(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      String a = word(random, 3 + random.nextInt(8));
      int k = random.nextInt(4);
      StringBuilder b = new StringBuilder(a);
      for (int i = 0; i < k; i++) {
        int at = random.nextInt(b.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, (char) ('a' + random.nextInt(26)));
          case 1 -> b.deleteCharAt(Math.min(at, b.length() - 1));
          default -> b.setCharAt(Math.min(at, b.length() - 1), (char) ('a' + random.nextInt(26)));
        }
      }
      int edits = NearMatches.edits(a, b.toString(), 10);
      assertThat(edits).isLessThanOrEqualTo(k);
      assertThat(NearMatches.edits(b.toString(), a, 10)).isEqualTo(edits);
    }
  }

  private static String word(Random random, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
