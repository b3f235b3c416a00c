package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvFileTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "127.0.0.1:9092           | '127.0.0.1:9092'",
        "/tmp/run dir/kubeconfig  | '/tmp/run dir/kubeconfig'",
        "it's                     | 'it'\\''s'",
        "$HOME`x`                 | '$HOME`x`'",
      })
  void valuesAreSingleQuotedSoTheShellTakesThemAsWritten(String value, String quoted) {
    assertThat(EnvFile.quote(value)).isEqualTo(quoted);
  }

  @Test
  void commentsComeFirstThenOneExportALineInTheGivenOrder() {
    Map<String, String> exports = new LinkedHashMap<>();
    exports.put("KUBECONFIG", "/run/kubeconfig");
    exports.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");

    assertThat(EnvFile.render(List.of("for the stack"), exports))
        .isEqualTo(
            "# for the stack\n"
                + "export KUBECONFIG='/run/kubeconfig'\n"
                + "export KAFKA_BOOTSTRAP_SERVERS='127.0.0.1:1'\n");
  }

  @Test
  void aNameTheShellCannotExportIsRefused() {
    assertThatThrownBy(() -> EnvFile.render(List.of(), Map.of("NOT-A-NAME", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOT-A-NAME");
  }
}
