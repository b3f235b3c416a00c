package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRefTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of(null, "apps/web", "ctx", "apps/web"),
        Arguments.of("apps", "web", "ctx", "apps/web"),
        Arguments.of("apps", "apps/web", "ctx", "apps/web"),
        Arguments.of(null, "web", "ctx", "ctx/web"),
        Arguments.of(null, "web", null, "default/web"));
  }

  @ParameterizedTest(name = "-n {0} {1}")
  @MethodSource("valid")
  void readsThePodAsKubectlDoes(String namespace, String argument, String context, String pod) {
    assertThat(PodRef.parse(namespace, argument, context).toString()).isEqualTo(pod);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("other", "apps/web", "is in namespace apps, not other"),
        Arguments.of(null, "apps/", "expected a pod as NS/NAME"),
        Arguments.of(null, "/web", "expected a pod as NS/NAME"),
        Arguments.of(null, "a/b/c", "expected a pod as NS/NAME"),
        Arguments.of(null, "", "expected a pod as NS/NAME"));
  }

  @ParameterizedTest(name = "-n {0} {1}")
  @MethodSource("invalid")
  void refusesWhatNamesNoSinglePod(String namespace, String argument, String message) {
    assertThatThrownBy(() -> PodRef.parse(namespace, argument, "ctx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
