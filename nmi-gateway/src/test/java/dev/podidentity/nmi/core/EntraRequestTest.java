package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.SecretRef;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntraRequestTest {
  static final URI DEFAULT = URI.create("https://login.microsoftonline.com/");

  static IdentityRecord sp(String tenant, String adEndpoint) {
    return new IdentityRecord(
        1,
        "ns",
        "sp",
        IdentityType.SERVICE_PRINCIPAL,
        null,
        "client",
        tenant,
        new SecretRef("ns", "s"),
        null,
        null,
        adEndpoint,
        false,
        true,
        null,
        "1");
  }

  @ParameterizedTest(name = "adEndpoint={1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "t1, null, https://login.microsoftonline.com/t1/oauth2/v2.0/token",
        "t1, '', https://login.microsoftonline.com/t1/oauth2/v2.0/token",
        "t1, https://login.chinacloudapi.cn/, https://login.chinacloudapi.cn/t1/oauth2/v2.0/token",
        "t1, https://127.0.0.1:8443, https://127.0.0.1:8443/t1/oauth2/v2.0/token",
      })
  void tokenUrlIsTheTenantsV2EndpointUnderTheIdentitysAuthority(
      String tenant, String adEndpoint, String expected) {
    assertThat(EntraRequest.tokenUrl(sp(tenant, adEndpoint), DEFAULT)).hasToString(expected);
  }

  @ParameterizedTest(name = "tenant={0} adEndpoint={1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "null, null, no valid tenantID",
        "'', null, no valid tenantID",
        "'t/../x', null, no valid tenantID",
        "t1, http://login.example, adEndpoint must be an https://",
        "t1, 'not a url', adEndpoint must be an https://",
        "t1, https://h/?q=1, adEndpoint must be an https://",
      })
  void anIdentityWithoutTenantOrWithAPlainHttpAuthorityIsRefused(
      String tenant, String adEndpoint, String reason) {
    assertThatThrownBy(() -> EntraRequest.tokenUrl(sp(tenant, adEndpoint), DEFAULT))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({
    "https://vault.azure.net, https://vault.azure.net/.default",
    "https://management.azure.com/, https://management.azure.com//.default",
    "api://app/.default, api://app/.default",
  })
  void scopeKeepsTheResourceExactlyAsTheAudience(String resource, String scope) {
    assertThat(EntraRequest.scopeOf(resource)).isEqualTo(scope);
  }

  @Test
  void formCarriesEitherTheSecretOrTheAssertionEncoded() {
    assertThat(EntraRequest.form("c", "https://v/.default", "a&b=c", null))
        .isEqualTo(
            "grant_type=client_credentials&client_id=c&scope=https%3A%2F%2Fv%2F.default"
                + "&client_secret=a%26b%3Dc");
    assertThat(EntraRequest.form("c", "s", null, "x.y.z"))
        .endsWith(
            "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=x.y.z")
        .doesNotContain("client_secret");
  }

  @ParameterizedTest
  @CsvSource({
    "0, true",
    "408, true",
    "429, true",
    "500, true",
    "503, true",
    "400, false",
    "401, false",
    "404, false"
  })
  void onlyThrottlingAndFailuresAreRetried(int status, boolean retriable) {
    assertThat(EntraRequest.retriable(status)).isEqualTo(retriable);
  }
}
