package dev.podidentity.nmi.http;

import static org.assertj.core.api.Assertions.assertThat;

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
}
