package dev.podidentity.azuresim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/** One Jackson mapper and the JSON answer helpers every handler uses. */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code https://host:port} this request was addressed to, for links in answers: the Host
   * header over HTTP/1.1, the :authority pseudo-header over HTTP/2 (which has no Host header).
   */
  public static String origin(RoutingContext ctx) {
    HostAndPort a = ctx.request().authority();
    if (a == null) {
      return "https://localhost";
    }
    return "https://" + a.host() + (a.port() >= 0 ? ":" + a.port() : "");
  }

  public static void send(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(write(body));
  }

  /** The request body as JSON, or null if it is empty; throws {@link BadJson} if malformed. */
  public static JsonNode body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadJson(e.getOriginalMessage());
    }
  }

  public static <T> T body(RoutingContext ctx, Class<T> type) {
    JsonNode node = body(ctx);
    if (node == null) {
      throw new BadJson("empty body");
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new BadJson(e.getMessage());
    }
  }

  /** A body that is not the JSON expected; answered with ARM's InvalidRequestContent. */
  public static final class BadJson extends RuntimeException {
    public BadJson(String message) {
      super(message);
    }
  }
}
