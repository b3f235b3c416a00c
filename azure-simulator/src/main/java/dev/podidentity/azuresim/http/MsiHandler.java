package dev.podidentity.azuresim.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.azuresim.state.ManagedIdentity;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code Microsoft.ManagedIdentity/userAssignedIdentities}: create, get, list and delete. */
public final class MsiHandler {

  private static final String TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
  private static final String RG = "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)";
  private static final String ONE =
      RG + "/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/([^/]+)";

  private final Services s;

  public MsiHandler(Services s) {
    this.s = s;
  }

  public void register(Router router) {
    router.routeWithRegex(HttpMethod.PUT, ONE).handler(this::createOrUpdate);
    router.routeWithRegex(HttpMethod.GET, ONE).handler(this::get);
    router.routeWithRegex(HttpMethod.DELETE, ONE).handler(this::delete);
    router
        .routeWithRegex(
            HttpMethod.GET, RG + "/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities")
        .handler(ctx -> list(ctx, ctx.pathParam("param1")));
    router
        .routeWithRegex(
            HttpMethod.GET,
            "(?i)/subscriptions/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities")
        .handler(ctx -> list(ctx, null));
  }

  private String id(RoutingContext ctx) {
    return "/subscriptions/"
        + ctx.pathParam("param0")
        + "/resourceGroups/"
        + ctx.pathParam("param1")
        + "/providers/"
        + TYPE
        + "/"
        + ctx.pathParam("param2");
  }

  private void createOrUpdate(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.MSI, TYPE)) {
      return;
    }
    JsonNode body = Json.body(ctx);
    if (body == null || !body.isObject() || !body.path("location").isTextual()) {
      ArmErrors.send(
          ctx, 400, "LocationRequired", "The location property is required for this definition.");
      return;
    }
    boolean existed = s.state().identity(id(ctx)).isPresent();
    ManagedIdentity mi =
        s.state()
            .createIdentity(
                ctx.pathParam("param0"),
                ctx.pathParam("param1"),
                ctx.pathParam("param2"),
                body.get("location").asText());
    Json.send(ctx, existed ? 200 : 201, ArmJson.managedIdentity(mi));
  }

  private void get(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.MSI, TYPE)) {
      return;
    }
    s.state()
        .identity(id(ctx))
        .ifPresentOrElse(
            mi -> Json.send(ctx, 200, ArmJson.managedIdentity(mi)),
            () -> ArmErrors.notFound(ctx, TYPE, ctx.pathParam("param2"), ctx.pathParam("param1")));
  }

  private void delete(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.MSI, TYPE)) {
      return;
    }
    boolean deleted = s.state().deleteIdentity(id(ctx));
    ctx.response().setStatusCode(deleted ? 200 : 204).end();
  }

  private void list(RoutingContext ctx, String rg) {
    if (!ApiVersions.check(ctx, ApiVersions.MSI, TYPE)) {
      return;
    }
    Json.send(
        ctx,
        200,
        Map.of(
            "value",
            s.state().listIdentities(ctx.pathParam("param0"), rg).stream()
                .map(ArmJson::managedIdentity)
                .toList()));
  }
}
