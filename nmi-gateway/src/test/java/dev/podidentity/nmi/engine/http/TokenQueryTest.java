package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenQueryTest {
  @Test
  void readsTheSixParametersAndIgnoresOthers() throws Exception {
    TokenQuery q =
        TokenQuery.parse(
            "resource=https%3A%2F%2Fvault.azure.net&api-version=2018-02-01&x=1&client_id=c"
                + "&msi_res_id=/m&mi_res_id=/mi&object_id=o");

    assertThat(q.resource()).isEqualTo("https://vault.azure.net");
    assertThat(q.apiVersion()).isEqualTo("2018-02-01");
    assertThat(q.clientId()).isEqualTo("c");
    assertThat(q.msiResId()).isEqualTo("/m");
    assertThat(q.miResId()).isEqualTo("/mi");
    assertThat(q.objectId()).isEqualTo("o");
    assertThat(q.repeated()).isNull();
  }

  @Test
  void namesMatchInAnyCaseAndEvenEncoded() throws Exception {
    assertThat(TokenQuery.parse("Resource=r&CLIENT_ID=c").clientId()).isEqualTo("c");
    assertThat(TokenQuery.parse("client%5Fid=c").clientId()).isEqualTo("c");
  }

  @Test
  void decodesPlusAndUtf8Escapes() throws Exception {
    assertThat(TokenQuery.parse("resource=a+b%20c%C3%A9").resource()).isEqualTo("a b cé");
    assertThat(TokenQuery.parse("resource=%ff%fe").resource()).isEqualTo("\uFFFD\uFFFD");
    assertThat(TokenQuery.parse("resource=é").resource()).isEqualTo("é");
  }

  @Test
  void aRepeatedParameterIsNamedEvenWhenEmpty() throws Exception {
    assertThat(TokenQuery.parse("resource=a&resource=b").repeated()).isEqualTo("resource");
    assertThat(TokenQuery.parse("client_id=&resource=x&client_id=").repeated())
        .isEqualTo("client_id");
    assertThat(TokenQuery.parse("x=1&x=2&resource=r").repeated()).isNull();
  }

  @Test
  void emptyPartsAndMissingValuesAreHarmless() throws Exception {
    TokenQuery q = TokenQuery.parse("&&resource&=x&client_id=");
    assertThat(q.resource()).isEmpty();
    assertThat(q.clientId()).isEmpty();
    assertThat(TokenQuery.parse(null)).isEqualTo(TokenQuery.EMPTY);
    assertThat(TokenQuery.parse("")).isEqualTo(TokenQuery.EMPTY);
  }

  @Test
  void manyPartsWithoutValuesStillFindTheParameterAfterThem() throws Exception {
    TokenQuery q = TokenQuery.parse("a&".repeat(4_000) + "resource=r&b%zz");

    assertThat(q.resource()).isEqualTo("r");
  }

  @Test
  void aBadEscapeIsMalformed() {
    assertThatThrownBy(() -> TokenQuery.parse("resource=%zz"))
        .isInstanceOf(TokenQuery.Malformed.class);
    assertThatThrownBy(() -> TokenQuery.parse("resource=abc%2"))
        .isInstanceOf(TokenQuery.Malformed.class);
  }

  @Test
  void aBadEscapeInAParameterWeDoNotReadIsIgnored() throws Exception {
    assertThat(TokenQuery.parse("x=%zz&resource=r").resource()).isEqualTo("r");
  }
}
