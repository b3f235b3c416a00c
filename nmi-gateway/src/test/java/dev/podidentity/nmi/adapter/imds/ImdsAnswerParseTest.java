package dev.podidentity.nmi.adapter.imds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.core.UpstreamCall;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImdsAnswerParseTest {
  static final UpstreamCall CALL = new UpstreamCall(1, 2);

  static Future<Token> parse(String body) {
    Promise<Token> result = Promise.promise();
    ImdsHttpClient.parse(Buffer.buffer(body), CALL, result);
    return result.future();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // As IMDS spells it: numbers as strings.
        "{\"access_token\":\"eyJ.a\",\"client_id\":\"cid\",\"expires_in\":\"3599\","
            + "\"expires_on\":\"1700003600\",\"ext_expires_in\":\"3599\",\"not_before\":"
            + "\"1700000000\",\"resource\":\"https://vault.azure.net\",\"token_type\":\"Bearer\"}",
        // Numbers as numbers, fields in another order, unknown nested fields skipped.
        "{\"extra\":{\"a\":[1,{\"b\":2}]},\"not_before\":1700000000,\"expires_on\":1700003600,"
            + "\"resource\":\"https://vault.azure.net\",\"client_id\":\"cid\","
            + "\"access_token\":\"eyJ.a\",\"token_type\":\"Bearer\",\"list\":[]}"
      })
  void readsTheTokenFieldsAndKeepsTheCall(String body) {
    Token t = parse(body).result();

    assertThat(t)
        .isEqualTo(
            new Token(
                "eyJ.a", 1700003600, 1700000000, "https://vault.azure.net", "Bearer", "cid", CALL));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"expires_on\":\"1700003600\"}|IMDS token answer incomplete",
        "{\"access_token\":\"\",\"expires_on\":\"1700003600\"}|IMDS token answer incomplete",
        "{\"access_token\":\"a\",\"expires_on\":\"soon\"}|IMDS token answer incomplete",
        "{\"access_token\":7,\"expires_on\":\"1700003600\"}|IMDS token answer incomplete",
        "[\"access_token\"]|IMDS token answer is not JSON",
        "{\"access_token\":\"a\",|IMDS token answer is not JSON",
        "<html>|IMDS token answer is not JSON"
      })
  void refusesWhatIsNotACompleteTokenAnswer(String body, String why) {
    Future<Token> f = parse(body);

    assertThat(f.failed()).isTrue();
    assertThat(f.cause()).isInstanceOf(UpstreamException.class).hasMessageContaining(why);
  }
}
