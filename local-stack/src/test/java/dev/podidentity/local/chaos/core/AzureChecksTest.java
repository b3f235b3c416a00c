package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AzureChecksTest {

  static Stream<Arguments> protectedCases() {
    return Stream.of(
        Arguments.of(Set.of("kubelet", "pre", "mine"), List.of()),
        Arguments.of(Set.of("pre", "mine"), List.of("kubelet")),
        Arguments.of(Set.of(), List.of("kubelet", "pre")));
  }

  @ParameterizedTest
  @MethodSource("protectedCases")
  void aProtectedIdentityMissingIsReported(Set<String> onScaleSet, List<String> missing) {
    assertThat(AzureChecks.protectedMissing(Set.of("kubelet", "pre"), onScaleSet))
        .isEqualTo(missing);
  }

  static Stream<Arguments> ledgerCases() {
    return Stream.of(
        Arguments.of(Set.of("a"), Set.of("kubelet", "a"), List.of()),
        Arguments.of(Set.of("a", "b"), Set.of("kubelet", "a"), List.of("owned-not-in-azure b")),
        Arguments.of(Set.of(), Set.of("kubelet", "a"), List.of("in-azure-not-owned a")));
  }

  @ParameterizedTest
  @MethodSource("ledgerCases")
  void theLedgerAndAzureMustAgree(Set<String> owned, Set<String> azure, List<String> want) {
    assertThat(AzureChecks.ledgerDisagreement(owned, azure, Set.of("kubelet"))).isEqualTo(want);
  }

  @ParameterizedTest
  @MethodSource("rss")
  void residentMemoryFromProcStatus(String text, long kb) {
    assertThat(Rss.kb(text)).isEqualTo(kb);
  }

  static Stream<Arguments> rss() {
    return Stream.of(
        Arguments.of("Name:\tjava\nVmPeak:\t 900 kB\nVmRSS:\t  123456 kB\nThreads: 40\n", 123456L),
        Arguments.of("Name:\tzombie\nState:\tZ\n", -1L));
  }

  @ParameterizedTest
  @MethodSource("quantiles")
  void nearestRankPercentiles(List<Long> values, double q, long want) {
    assertThat(Percentiles.of(values, q)).isEqualTo(want);
  }

  static Stream<Arguments> quantiles() {
    List<Long> hundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
    return Stream.of(
        Arguments.of(hundred, 0.99, 99L),
        Arguments.of(hundred, 1.0, 100L),
        Arguments.of(List.of(5L), 0.99, 5L),
        Arguments.of(List.of(), 0.99, 0L));
  }
}
