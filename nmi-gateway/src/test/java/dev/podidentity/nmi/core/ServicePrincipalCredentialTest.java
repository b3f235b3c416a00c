package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.events.IdentityType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePrincipalCredentialTest {
  static final IdentityType SECRET = IdentityType.SERVICE_PRINCIPAL;
  static final IdentityType CERT = IdentityType.SERVICE_PRINCIPAL_CERTIFICATE;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void typeOneReadsTheClientSecretWithoutItsTrailingNewline() {
    ServicePrincipalCredential c =
        ServicePrincipalCredential.from(SECRET, Map.of("clientSecret", b("s3cret\n")), "ns/s");

    assertThat(c).isEqualTo(new ServicePrincipalCredential.Secret("s3cret"));
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  static Stream<Arguments> certificates() {
    return Stream.of(
        Arguments.of(
            "PKCS#12 with its password",
            Map.of("certificate", CertificateFixtures.pkcs12("pfx-pw"), "password", b("pfx-pw"))),
        Arguments.of(
            "PKCS#12 without a password", Map.of("certificate", CertificateFixtures.pkcs12(""))),
        Arguments.of(
            "PEM key and certificate", Map.of("certificate", CertificateFixtures.pemBundle())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("certificates")
  void typeTwoReadsCertificateAndKey(String form, Map<String, byte[]> data) {
    ServicePrincipalCredential c = ServicePrincipalCredential.from(CERT, data, "ns/s");

    assertThat(c).isInstanceOf(ServicePrincipalCredential.Certificate.class);
    ServicePrincipalCredential.Certificate cert = (ServicePrincipalCredential.Certificate) c;
    assertThat(cert.certificate()).isEqualTo(CertificateFixtures.CERT);
    assertThat(cert.privateKey().getEncoded())
        .isEqualTo(CertificateFixtures.KEYS.getPrivate().getEncoded());
  }

  static Stream<Arguments> unusable() {
    return Stream.of(
        Arguments.of(SECRET, Map.of(), "has no data key 'clientSecret'"),
        Arguments.of(SECRET, Map.of("clientSecret", b("  \n")), "has no data key 'clientSecret'"),
        Arguments.of(SECRET, Map.of("certificate", b("x")), "has no data key 'clientSecret'"),
        Arguments.of(CERT, Map.of(), "has no data key 'certificate'"),
        Arguments.of(CERT, Map.of("clientSecret", b("x")), "has no data key 'certificate'"),
        Arguments.of(
            CERT,
            Map.of("certificate", CertificateFixtures.pkcs12("right"), "password", b("wrong")),
            "cannot read the PKCS#12 certificate"),
        Arguments.of(CERT, Map.of("certificate", b("garbage")), "cannot read the PKCS#12"),
        Arguments.of(
            CERT,
            Map.of("certificate", b(CertificateFixtures.certificatePem())),
            "needs a CERTIFICATE and a PRIVATE KEY block"),
        Arguments.of(
            CERT,
            Map.of(
                "certificate",
                b("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")),
            "convert it to PKCS#8"),
        Arguments.of(
            CERT,
            Map.of(
                "certificate", b("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n")),
            "cannot read the PEM certificate"),
        Arguments.of(IdentityType.USER_ASSIGNED_MSI, Map.of(), "not a service principal"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("unusable")
  void anUnusableSecretIsRefusedWithTheReason(
      IdentityType type, Map<String, byte[]> data, String reason) {
    assertThatThrownBy(() -> ServicePrincipalCredential.from(type, data, "ns/s"))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void aReasonNeverQuotesSecretMaterial() {
    assertThatThrownBy(
            () ->
                ServicePrincipalCredential.from(
                    CERT,
                    Map.of("certificate", CertificateFixtures.pkcs12("pw"), "password", b("nope")),
                    "ns/s"))
        .hasMessageNotContaining("nope")
        .hasMessageContaining("ns/s");
  }
}
