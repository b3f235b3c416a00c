package dev.podidentity.events.aad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AadExpositionTest {
  @Test
  void numbersAreFormattedAsGoFormatsThem() {
    assertThat(AadExposition.goFloat(1)).isEqualTo("1");
    assertThat(AadExposition.goFloat(0)).isEqualTo("0");
    assertThat(AadExposition.goFloat(0.5)).isEqualTo("0.5");
    assertThat(AadExposition.goFloat(0.05)).isEqualTo("0.05");
    assertThat(AadExposition.goFloat(100)).isEqualTo("100");
    assertThat(AadExposition.goFloat(1200)).isEqualTo("1200");
    assertThat(AadExposition.goFloat(0.0001)).isEqualTo("0.0001");
    assertThat(AadExposition.goFloat(0.00001)).isEqualTo("1e-05");
    assertThat(AadExposition.goFloat(123456)).isEqualTo("123456");
    assertThat(AadExposition.goFloat(1e6)).isEqualTo("1e+06");
    assertThat(AadExposition.goFloat(1234567)).isEqualTo("1.234567e+06");
    assertThat(AadExposition.goFloat(-2.5)).isEqualTo("-2.5");
    assertThat(AadExposition.goFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
