package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementsTest {
  private static final List<String> POOLS = List.of("vmss-a", "vmss-b");
  private static final List<String> IDS = List.of("x", "y", "pre");
  private static final Set<String> EXCLUDED = Set.of("pre", "kubelet");

  static Stream<Arguments> cases() {
    return Stream.of(
        // no pods: every identity off every scale set, protected ones left out
        Arguments.of(
            Map.of(), Set.of(), Set.of("x on vmss-a", "x on vmss-b", "y on vmss-a", "y on vmss-b")),
        // a pod of x on a node of vmss-a only: x wanted there, off vmss-b
        Arguments.of(
            Map.of("vmss-a", Set.of("x")),
            Set.of("x on vmss-a"),
            Set.of("x on vmss-b", "y on vmss-a", "y on vmss-b")),
        // x on both pools, and pods of the protected identity count for nothing
        Arguments.of(
            Map.of("vmss-a", Set.of("x", "pre"), "vmss-b", Set.of("x")),
            Set.of("x on vmss-a", "x on vmss-b"),
            Set.of("y on vmss-a", "y on vmss-b")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachIdentityIsWantedOnTheScaleSetsOfItsPodsAndOffTheOthers(
      Map<String, Set<String>> bound, Set<String> on, Set<String> off) {
    Set<String> wantedOn = Placements.wantedOn(bound, EXCLUDED);
    assertThat(wantedOn).isEqualTo(on);
    assertThat(Placements.wantedOff(POOLS, IDS, wantedOn, EXCLUDED)).isEqualTo(off);
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void theLedgerIsComparedOnEachScaleSet(
      Map<String, Set<String>> owned, Map<String, Set<String>> azure, List<String> want) {
    assertThat(AzureChecks.ledgerDisagreementByScaleSet(owned, azure, Set.of("kubelet")))
        .isEqualTo(want);
  }

  static Stream<Arguments> ledgers() {
    return Stream.of(
        Arguments.of(
            Map.of("a", Set.of("x"), "b", Set.of("y")),
            Map.of("a", Set.of("kubelet", "x"), "b", Set.of("kubelet", "y")),
            List.of()),
        // what one scale set's ledger owns does not count for another
        Arguments.of(
            Map.of("a", Set.of("x")),
            Map.of("a", Set.of("kubelet", "x"), "b", Set.of("kubelet", "x")),
            List.of("b: in-azure-not-owned x")));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void aSampleOfEveryScaleSetIsASetOfPlacements(Map<String, Set<String>> on, Set<String> want) {
    assertThat(Placements.of(on)).isEqualTo(want);
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(Map.of(), Set.of()),
        Arguments.of(
            Map.of("a", Set.of("x", "kubelet"), "b", Set.of("kubelet")),
            Set.of("x on a", "kubelet on a", "kubelet on b")));
  }
}
