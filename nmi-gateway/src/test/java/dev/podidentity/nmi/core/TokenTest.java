package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenTest {
  final Token token = new Token("secret-value", 10_000, 0, "r", "Bearer", "c", null);

  @Test
  void needsRefreshOnceInsideTheMargin() {
    assertThat(token.needsRefresh(10_000 - 301, 300)).isFalse();
    assertThat(token.needsRefresh(10_000 - 300, 300)).isTrue();
  }

  @Test
  void neverPrintsTheAccessToken() {
    assertThat(token.toString()).doesNotContain("secret-value");
  }
}
