package dev.podidentity.azuresim.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.azuresim.state.IdentityUpdate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code identity} of a PATCH or PUT body into an {@link IdentityUpdate}. */
final class IdentityBodies {

  private IdentityBodies() {}

  /**
   * The update, or null when the body does not touch the identity. In {@code
   * userAssignedIdentities} an object adds the identity and {@code null} removes it.
   *
   * @throws Json.BadJson if the body is not the shape ARM accepts
   */
  static IdentityUpdate parse(JsonNode body, boolean put) {
    if (body == null) {
      if (put) {
        throw new Json.BadJson("a PUT needs a body");
      }
      return null;
    }
    if (!body.isObject()) {
      throw new Json.BadJson("the body must be a JSON object");
    }
    JsonNode identity = body.get("identity");
    if (identity == null || identity.isNull()) {
      return null;
    }
    if (!identity.isObject()) {
      throw new Json.BadJson("'identity' must be an object");
    }
    JsonNode type = identity.get("type");
    if (type != null && !type.isNull() && !type.isTextual()) {
      throw new Json.BadJson("'identity.type' must be a string");
    }
    Map<String, Boolean> users = new LinkedHashMap<>();
    JsonNode uai = identity.get("userAssignedIdentities");
    if (uai != null && !uai.isNull()) {
      if (!uai.isObject()) {
        throw new Json.BadJson("'identity.userAssignedIdentities' must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = uai.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull() && !e.getValue().isObject()) {
          throw new Json.BadJson("identity '" + e.getKey() + "' must map to an object or null");
        }
        users.put(e.getKey(), !e.getValue().isNull());
      }
    }
    String typeText = type == null || type.isNull() ? null : type.asText();
    return new IdentityUpdate(typeText, users, put);
  }
}
