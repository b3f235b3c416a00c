package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The token cache's key compares by value, as the record it replaces did (its methods are written
 * out).
 */
class CacheKeyTest {
  @ParameterizedTest(name = "{0} / {1} against {2} / {3}: equal {4}")
  @CsvSource({
    "id-a, https://vault.azure.net, id-a, https://vault.azure.net, true",
    "id-a, https://vault.azure.net, id-b, https://vault.azure.net, false",
    "id-a, https://vault.azure.net, id-a, https://storage.azure.com/, false",
    "id-a, https://vault.azure.net, https://vault.azure.net, id-a, false",
  })
  void equalByValue(String id1, String res1, String id2, String res2, boolean equal) {
    CacheKey a = new CacheKey(new String(id1), new String(res1));
    CacheKey b = new CacheKey(new String(id2), new String(res2));

    assertThat(a.equals(b)).isEqualTo(equal);
    assertThat(a.equals(new CacheKey(id1, res1))).isTrue();
    assertThat(a.equals(null)).isFalse();
    if (equal) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }
}
