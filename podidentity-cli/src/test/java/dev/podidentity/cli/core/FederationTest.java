package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FederationTest {
  private static final String ISSUER = "https://oidc.example/tenant/cluster/";

  @Test
  void theCredentialNamesTheServiceAccountsSubjectAndTheExchangeAudience() {
    FederatedCredential c = Federation.credential(ISSUER, "apps", "web");

    assertThat(c.issuer()).isEqualTo(ISSUER);
    assertThat(c.subject()).isEqualTo("system:serviceaccount:apps:web");
    assertThat(c.audiences()).containsExactly("api://AzureADTokenExchange");
    assertThat(c.name()).matches("podidentity-apps-web-[0-9a-f]{10}");
  }

  @ParameterizedTest(name = "{0}/{1} and {2}/{3}")
  @CsvSource({
    "https://a/, apps, web, https://b/, apps, web",
    "https://a/, apps, web, https://a/, apps, api",
    "https://a/, apps, web, https://a/, other, web",
    "https://a/, a-b, c, https://a/, a, b-c",
  })
  void anotherClusterNamespaceOrServiceAccountGivesAnotherName(
      String i1, String ns1, String sa1, String i2, String ns2, String sa2) {
    assertThat(Federation.credential(i1, ns1, sa1).name())
        .isNotEqualTo(Federation.credential(i2, ns2, sa2).name());
  }

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  /** Any Kubernetes names give the same name twice, and one ARM accepts. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theNameIsDeterministicAndValidForArm(long seed) {
    Random r = new Random(seed);
    String namespace = name(r, 1 + r.nextInt(63), false);
    String account = name(r, 1 + r.nextInt(253), true);
    String issuer = "https://issuer-" + r.nextInt(1000) + ".example/";

    String first = Federation.credential(issuer, namespace, account).name();

    assertThat(first).isEqualTo(Federation.credential(issuer, namespace, account).name());
    assertThat(first).matches("[A-Za-z0-9][A-Za-z0-9_-]{2,119}");
  }

  @Test
  void anExistingCredentialForTheSameIssuerAndSubjectIsKeptWhateverItsName() {
    FederatedCredential wanted = Federation.credential(ISSUER, "apps", "web");
    FederatedCredential byHand =
        new FederatedCredential(
            "made-with-az", ISSUER, "system:serviceaccount:apps:web", List.of(Federation.AUDIENCE));
    FederatedCredential otherSubject =
        new FederatedCredential(
            "x", ISSUER, "system:serviceaccount:apps:api", List.of(Federation.AUDIENCE));

    assertThat(Federation.existing(List.of(otherSubject, byHand), wanted)).contains(byHand);
    assertThat(Federation.existing(List.of(wanted), wanted)).contains(wanted);
    assertThat(Federation.existing(List.of(otherSubject), wanted)).isEmpty();
    assertThat(Federation.existing(List.of(), wanted)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "https://oidc.example/tenant/cluster/, system:serviceaccount:apps:web, api://AzureADTokenExchange, true",
    "https://oidc.example/tenant/cluster, system:serviceaccount:apps:web, api://AzureADTokenExchange, false",
    "https://oidc.example/tenant/cluster/, system:serviceaccount:apps:Web, api://AzureADTokenExchange, false",
    "https://oidc.example/tenant/cluster/, system:serviceaccount:apps:web, api://other, false",
  })
  void entraMatchesIssuerSubjectAndAudienceExactly(
      String issuer, String subject, String audience, boolean matches) {
    FederatedCredential c = new FederatedCredential("c", issuer, subject, List.of(audience));

    assertThat(Federation.matching(List.of(c), ISSUER, "system:serviceaccount:apps:web"))
        .isEqualTo(matches ? java.util.Optional.of(c) : java.util.Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"http://oidc.example/", "oidc.example", "'https://a b/'"})
  void theIssuerFlagMustBeAnHttpsUrl(String issuer) {
    assertThatThrownBy(() -> Federation.requireIssuer(issuer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--issuer must be");
  }

  /** A Kubernetes name: lower-case alphanumerics and '-', with '.' too for a subdomain. */
  private static String name(Random r, int length, boolean dots) {
    String alphabet = dots ? "abcxyz0189-." : "abcxyz0189-";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      boolean edge = i == 0 || i == length - 1;
      b.append(edge ? 'a' : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
