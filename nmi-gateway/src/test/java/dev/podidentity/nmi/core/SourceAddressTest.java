package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceAddressTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "127.0.0.5, 127.0.0.5",
        "255.255.255.255, 255.255.255.255",
        "256.1.1.1, NULL",
        "1..2.3, NULL",
        "1.2.3., NULL",
        "::ffff:127.0.0.5, 127.0.0.5",
        "0:0:0:0:0:ffff:7f00:5, 127.0.0.5",
        "[::ffff:10.0.0.1], 10.0.0.1",
        "FD00:0:0:0:0:0:0:1, fd00::1",
        "fd00:0000:0000:0000:0000:0000:0000:0001, fd00::1",
        "fe80::1%eth0, fe80::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0:0:0:0:0:0:0:1, ::1",
        "example.com, NULL",
        "10.0.0, NULL",
        "'', NULL",
        "1.2.3.4.5, NULL",
        "999.1.1.1, NULL",
        "gg::1, NULL"
      })
  void normalisesLiteralsAndRefusesEverythingElse(String raw, String expected) {
    assertThat(SourceAddress.normalise(raw)).isEqualTo(expected);
  }
}
