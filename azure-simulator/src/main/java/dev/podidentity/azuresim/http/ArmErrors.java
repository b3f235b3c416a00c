package dev.podidentity.azuresim.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** ARM's error shape, {@code {"error":{"code":..,"message":..}}}, for every failure on ARM. */
public final class ArmErrors {

  private ArmErrors() {}

  public static Map<String, Object> body(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return Map.of("error", error);
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
    Json.send(ctx, status, body(code, message));
  }

  public static void notFound(RoutingContext ctx, String resourceType, String name, String rg) {
    send(
        ctx,
        404,
        "ResourceNotFound",
        "The Resource '"
            + resourceType
            + "/"
            + name
            + "' under resource group '"
            + rg
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  public static void invalidContent(RoutingContext ctx, String detail) {
    send(
        ctx,
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: '" + detail + "'.");
  }

  public static void noRoute(RoutingContext ctx) {
    send(
        ctx,
        404,
        "InvalidResourceType",
        "The resource type could not be found for the request path '"
            + ctx.request().path()
            + "'.");
  }
}
