package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.nmi.core.UpstreamCall;
import org.junit.jupiter.api.Test;

class TokenReplyTest {
  @Test
  void aRequestThatCalledUpstreamSaysTheCallsShareOfItsTime() {
    String line =
        TokenReply.line(
                "10.0.0.5",
                "apps/web",
                "apps/id",
                "https://vault.azure.net",
                200,
                "granted",
                6_250_400,
                5_100_000,
                null)
            .toString();

    assertThat(line)
        .isEqualTo(
            "token request ip=10.0.0.5 pod=apps/web identity=apps/id"
                + " resource=https://vault.azure.net status=200 outcome=granted duration_ms=6.25"
                + " upstream_ms=5.1");
  }

  @Test
  void aRequestWithoutAnUpstreamCallHasNoUpstreamField() {
    String line =
        TokenReply.line(
                "10.0.0.5",
                "-",
                "-",
                "r",
                403,
                "denied_not_bound",
                1_000,
                TokenReply.NO_UPSTREAM,
                "no binding")
            .toString();

    assertThat(line)
        .doesNotContain("upstream_ms")
        .endsWith("duration_ms=0.001 detail=\"no binding\"");
  }

  @Test
  void aRequestThatJoinedACallUnderWayCountsOnlyWhatWasLeftOfIt() {
    UpstreamCall call = new UpstreamCall(1_000, 9_000);

    assertThat(call.nanosSince(500)).isEqualTo(8_000); // it started the call
    assertThat(call.nanosSince(4_000)).isEqualTo(5_000); // it joined the call
    assertThat(call.nanosSince(10_000)).isZero();
    assertThat(call.from(200).nanosSince(0)).isEqualTo(8_800);
  }
}
