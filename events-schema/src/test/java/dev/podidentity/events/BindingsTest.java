package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingsTest {
  static final IdentityRecord SHARED = identity("default", "shared", false);
  static final IdentityRecord OWN = identity("team", "own", true);

  static IdentityRecord identity(String ns, String name, boolean namespaced) {
    return new IdentityRecord(
        1,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        "/subscriptions/s/resourcegroups/r/providers/microsoft.managedidentity/userassignedidentities/"
            + name,
        "client-" + name,
        "t",
        null,
        null,
        null,
        null,
        namespaced,
        true,
        null,
        "1");
  }

  static BindingRecord binding(
      String ns, String name, String identity, String selector, boolean valid) {
    return new BindingRecord(1, ns, name, identity, selector, valid, valid ? null : "no", "1");
  }

  static PodRecord pod(String ns, String selector) {
    return new PodRecord(
        1,
        "u",
        ns,
        "p",
        "n",
        null,
        List.of("10.0.0.1"),
        PodPhase.RUNNING,
        false,
        false,
        selector == null ? Map.of() : Map.of(PodRecord.BINDING_LABEL, selector),
        "1");
  }

  static List<String> bound(PodRecord pod, List<BindingRecord> bindings, boolean namespacedMode) {
    return Bindings.of(
            pod,
            bindings,
            (ns, name) ->
                List.of(SHARED, OWN).stream()
                    .filter(i -> i.namespace().equals(ns) && i.name().equals(name))
                    .findFirst()
                    .orElse(null),
            namespacedMode)
        .stream()
        .map(
            b ->
                b.binding().name()
                    + "->"
                    + b.identityNamespace()
                    + "/"
                    + b.identityName()
                    + (b.identity() == null ? "(missing)" : ""))
        .toList();
  }

  @Test
  void aPodWithoutTheLabelIsBoundToNothing() {
    assertThat(
            bound(
                pod("default", null), List.of(binding("default", "b", "shared", "s", true)), false))
        .isEmpty();
  }

  @Test
  void onlyValidBindingsWithThePodsSelectorApply() {
    List<BindingRecord> bindings =
        List.of(
            binding("default", "b1", "shared", "s", true),
            binding("default", "b2", "shared", "other", true),
            binding("default", "b3", "shared", "s", false));
    assertThat(bound(pod("default", "s"), bindings, false)).containsExactly("b1->default/shared");
  }

  @Test
  void aBindingNamesAnIdentityOfItsOwnNamespaceAndAMissingOneIsReported() {
    List<BindingRecord> bindings =
        List.of(
            binding("team", "b", "shared", "s", true),
            binding("default", "a", "shared", "s", true));
    assertThat(bound(pod("default", "s"), bindings, false))
        .containsExactly("a->default/shared", "b->team/shared(missing)");
  }

  @Test
  void namespacedModeOrTheIdentitysAnnotationKeepsPodsToTheirNamespace() {
    List<BindingRecord> bindings =
        List.of(
            binding("default", "a", "shared", "s", true), binding("team", "b", "own", "s", true));
    // Not namespaced: the default binding applies across namespaces; the annotated identity not.
    assertThat(bound(pod("other", "s"), bindings, false)).containsExactly("a->default/shared");
    assertThat(bound(pod("team", "s"), bindings, false))
        .containsExactly("a->default/shared", "b->team/own");
    // Namespaced mode: only the pod's own namespace.
    assertThat(bound(pod("team", "s"), bindings, true)).containsExactly("b->team/own");
    assertThat(bound(pod("other", "s"), bindings, true)).isEmpty();
  }
}
