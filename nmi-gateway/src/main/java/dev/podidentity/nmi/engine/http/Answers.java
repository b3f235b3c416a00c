package dev.podidentity.nmi.engine.http;

import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.ImdsProxy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * IMDS-shaped answers: a token as IMDS spells it (numbers as strings), and errors as {@code
 * {"error","error_description"}}. Never plain text, so every SDK can parse what it gets.
 */
final class Answers {
  private Answers() {}

  static void error(HttpServerResponse response, int status, String error, String description) {
    error(response, status, error, description, 0);
  }

  static void error(
      HttpServerResponse response,
      int status,
      String error,
      String description,
      long retryAfterSeconds) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (retryAfterSeconds > 0) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    // Written by hand, like the token: no dependency on whichever JSON codec Vert.x was given.
    StringBuilder body = new StringBuilder(64 + description.length());
    body.append("{\"error\":");
    quote(body, error);
    body.append(",\"error_description\":");
    quote(body, description);
    body.append('}');
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.toString());
  }

  /** IMDS's own answer, passed on as it came (an exception pod's, or instance metadata). */
  static void relay(HttpServerResponse response, ImdsProxy.Answer answer) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status());
    if (answer.contentType() != null) {
      response.putHeader("Content-Type", answer.contentType());
    }
    response.end(Buffer.buffer(answer.body()));
  }

  static void token(
      HttpServerResponse response, Token token, String resource, String clientId, long nowSeconds) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(200)
        .putHeader(CONTENT_TYPE, JSON)
        .end(ENCODED.get().body(token, resource, clientId, nowSeconds));
  }

  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  private static final CharSequence JSON =
      HttpHeaders.createOptimized("application/json; charset=utf-8");

  /**
   * Token answers already encoded, per event-loop thread: a cache hit sends the bytes it sent a
   * moment ago instead of building and encoding 1–2 KiB again. An answer is reused only within the
   * second it was made in, because {@code expires_in} counts down.
   */
  private static final ThreadLocal<Encoded> ENCODED = ThreadLocal.withInitial(Encoded::new);

  private static final class Encoded {
    private record Answer(long second, String resource, String clientId, Buffer body) {}

    /**
     * By the cached token's instance: a hit hands out the instance the cache holds, and a token's
     * value hash (over a 1–2 KiB string and six more fields, through a record's method handles,
     * which C1 does not inline) was a visible share of a hit.
     */
    private final Map<Token, Answer> answers = new IdentityHashMap<>();

    Buffer body(Token token, String resource, String clientId, long nowSeconds) {
      Answer a = answers.get(token);
      if (a != null
          && a.second() == nowSeconds
          && a.resource().equals(resource)
          && Objects.equals(a.clientId(), clientId)) {
        return a.body();
      }
      if (answers.size() >= 256) {
        answers.clear(); // a node serves a handful of identities; this only bounds the worst case
      }
      Buffer body = Buffer.buffer(tokenJson(token, resource, clientId, nowSeconds));
      answers.put(token, new Answer(nowSeconds, resource, clientId, body));
      return body;
    }
  }

  /** The token as IMDS spells it, in IMDS's field order. */
  static String tokenJson(Token token, String resource, String clientId, long nowSeconds) {
    String expiresIn = Long.toString(Math.max(0, token.expiresOnEpochSeconds() - nowSeconds));
    StringBuilder body = new StringBuilder(token.accessToken().length() + 256);
    body.append("{\"access_token\":");
    quote(body, token.accessToken());
    body.append(",\"client_id\":");
    quote(body, token.clientId() != null ? token.clientId() : clientId);
    body.append(",\"expires_in\":\"").append(expiresIn);
    body.append("\",\"expires_on\":\"").append(token.expiresOnEpochSeconds());
    body.append("\",\"ext_expires_in\":\"").append(expiresIn);
    body.append("\",\"not_before\":\"").append(token.notBeforeEpochSeconds());
    body.append("\",\"resource\":");
    quote(body, resource);
    body.append(",\"token_type\":");
    quote(body, token.tokenType() != null ? token.tokenType() : "Bearer");
    body.append('}');
    return body.toString();
  }

  private static boolean needsEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
        return true;
      }
    }
    return false;
  }

  /** A JSON string literal of {@code s} (null as JSON null). */
  static void quote(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    if (!needsEscape(s)) {
      sb.append(s).append('"'); // tokens and ids never need escaping: one bulk copy
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
