package dev.podidentity.nmi.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.nmi.core.Token;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AnswersTest {
  @Test
  void quotesAnyResourceIntoValidJson() {
    String hostile = "a\"b\\c\n\u0001\u2028é";
    StringBuilder sb = new StringBuilder("{\"r\":");
    Answers.quote(sb, hostile);
    sb.append('}');

    assertThat(new JsonObject(sb.toString()).getString("r")).isEqualTo(hostile);
  }

  @Test
  void aTokenAnswerIsIdentityShapedAndCountsDownEachSecond() {
    Token token =
        new Token("eyJ.token", 2_000, 1_000, "https://vault.azure.net", "Bearer", "cid", null);

    JsonObject first = new JsonObject(Answers.tokenJson(token, "https://vault", "other", 1_500));
    JsonObject later = new JsonObject(Answers.tokenJson(token, "https://vault", "other", 1_501));

    assertThat(first.getString("access_token")).isEqualTo("eyJ.token");
    assertThat(first.getString("client_id")).isEqualTo("cid");
    assertThat(first.getString("expires_in")).isEqualTo("500");
    assertThat(first.getString("expires_on")).isEqualTo("2000");
    assertThat(first.getString("not_before")).isEqualTo("1000");
    assertThat(first.getString("resource")).isEqualTo("https://vault");
    assertThat(later.getString("expires_in")).isEqualTo("499");
  }
}
