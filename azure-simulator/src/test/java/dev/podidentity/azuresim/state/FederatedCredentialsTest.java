package dev.podidentity.azuresim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FederatedCredentialsTest {

  static final String ISSUER = "https://oidc.example/cluster";
  static final String SUBJECT = "system:serviceaccount:default:app";
  static final List<String> AUDIENCE = List.of("api://AzureADTokenExchange");

  final AzureState state = new AzureState("tenant");
  final ManagedIdentity mi = state.createIdentity("sub", "rg", "app-id", "westeurope");
  final FederatedCredentials creds = state.federatedCredentials();

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("ab", ISSUER, SUBJECT, AUDIENCE, "name 'ab' is invalid"),
        Arguments.of("-abc", ISSUER, SUBJECT, AUDIENCE, "name '-abc' is invalid"),
        Arguments.of("a.b.c", ISSUER, SUBJECT, AUDIENCE, "name 'a.b.c' is invalid"),
        Arguments.of("x".repeat(121), ISSUER, SUBJECT, AUDIENCE, "is invalid"),
        Arguments.of("fic", null, SUBJECT, AUDIENCE, "has empty properties"),
        Arguments.of("fic", ISSUER, "", AUDIENCE, "has empty properties"),
        Arguments.of("fic", ISSUER, SUBJECT, null, "has empty properties"),
        Arguments.of("fic", ISSUER, SUBJECT, List.of(), "exactly one audience"),
        Arguments.of("fic", ISSUER, SUBJECT, List.of("a", "b"), "exactly one audience"),
        Arguments.of("fic", "oidc.example", SUBJECT, AUDIENCE, "is not a valid URL"),
        Arguments.of("fic", "ftp://oidc.example", SUBJECT, AUDIENCE, "is not a valid URL"),
        Arguments.of("fic", ISSUER + " ", SUBJECT, AUDIENCE, "is not a valid URL"),
        Arguments.of("fic", ISSUER, "s".repeat(601), AUDIENCE, "limited to 600"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWhatAzureRefusesWithBadRequest(
      String name, String issuer, String subject, List<String> audiences, String message) {
    FederatedCredentials.Put put = creds.put(mi, name, issuer, subject, audiences);

    assertThat(put.credential()).isNull();
    assertThat(put.error().status()).isEqualTo(400);
    assertThat(put.error().code()).isEqualTo("BadRequest");
    assertThat(put.error().message()).contains(message);
    assertThat(creds.of(mi)).isEmpty();
  }

  @Test
  void acceptsHttpAndHttpsIssuersAndReplacesACredentialOfTheSameName() {
    assertThat(creds.put(mi, "Fic_1", "http://127.0.0.1:8080", SUBJECT, AUDIENCE).created())
        .isTrue();

    FederatedCredentials.Put update = creds.put(mi, "fic_1", ISSUER, SUBJECT, AUDIENCE);

    assertThat(update.created()).isFalse();
    assertThat(creds.of(mi)).extracting(FederatedCredential::issuer).containsExactly(ISSUER);
    assertThat(creds.get(mi, "FIC_1")).isPresent();
  }

  @Test
  void refusesASecondCredentialWithTheSameIssuerAndSubject() {
    creds.put(mi, "first", ISSUER, SUBJECT, AUDIENCE);

    FederatedCredentials.Put dup = creds.put(mi, "second", ISSUER, SUBJECT, AUDIENCE);
    FederatedCredentials.Put otherCase =
        creds.put(mi, "third", ISSUER, SUBJECT.toUpperCase(), AUDIENCE);

    assertThat(dup.error().message())
        .isEqualTo("Issuer and subject combination already exists for this Managed Identity.");
    assertThat(otherCase.error()).as("matching is case-sensitive, as in Entra").isNull();
  }

  @Test
  void allowsTwentyCredentialsPerIdentityAndRefusesTheTwentyFirst() {
    for (int i = 0; i < FederatedCredentials.MAX_PER_IDENTITY; i++) {
      assertThat(creds.put(mi, "fic-" + i, ISSUER, "sub-" + i, AUDIENCE).error()).isNull();
    }

    FederatedCredentials.Put extra = creds.put(mi, "fic-20", ISSUER, "sub-20", AUDIENCE);
    FederatedCredentials.Put replace = creds.put(mi, "fic-0", ISSUER, "other", AUDIENCE);

    assertThat(extra.error().message()).contains("maximum of 20");
    assertThat(replace.error()).as("replacing one is no new credential").isNull();
  }

  @Test
  void deletingTheIdentityDeletesItsCredentials() {
    creds.put(mi, "fic", ISSUER, SUBJECT, AUDIENCE);

    state.deleteIdentity(mi.id());
    ManagedIdentity again = state.createIdentity("sub", "rg", "app-id", "westeurope");

    assertThat(creds.of(again)).isEmpty();
    assertThat(state.identityByClientId(mi.clientId())).isEmpty();
    assertThat(state.identityByClientId(again.clientId())).contains(again);
  }

  @Test
  void deleteAnswersWhetherTheCredentialExisted() {
    creds.put(mi, "fic", ISSUER, SUBJECT, AUDIENCE);

    assertThat(creds.delete(mi, "FIC")).isTrue();
    assertThat(creds.delete(mi, "fic")).isFalse();
    assertThat(creds.of(mi)).isEmpty();
  }
}
