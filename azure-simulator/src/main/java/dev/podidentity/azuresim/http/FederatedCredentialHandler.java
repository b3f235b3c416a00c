package dev.podidentity.azuresim.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.azuresim.state.FederatedCredentials;
import dev.podidentity.azuresim.state.ManagedIdentity;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.ManagedIdentity/userAssignedIdentities/{name}/federatedIdentityCredentials}:
 * create or update, get, list and delete, with the refusals Azure documents. Unthrottled, like the
 * rest of the managed-identity API here.
 */
public final class FederatedCredentialHandler {

  static final String TYPE =
      "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";
  private static final String LIST =
      "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity"
          + "/userAssignedIdentities/([^/]+)/federatedIdentityCredentials";
  private static final String ONE = LIST + "/([^/]+)";

  private final Services s;

  public FederatedCredentialHandler(Services s) {
    this.s = s;
  }

  public void register(Router router) {
    router.routeWithRegex(HttpMethod.PUT, ONE).handler(this::createOrUpdate);
    router.routeWithRegex(HttpMethod.GET, ONE).handler(this::get);
    router.routeWithRegex(HttpMethod.DELETE, ONE).handler(this::delete);
    router.routeWithRegex(HttpMethod.GET, LIST).handler(this::list);
  }

  /** The parent identity, or empty after answering 404 (api-version checked first, as ARM). */
  private Optional<ManagedIdentity> parent(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.FEDERATED_CREDENTIALS, TYPE)) {
      return Optional.empty();
    }
    String id =
        "/subscriptions/"
            + ctx.pathParam("param0")
            + "/resourceGroups/"
            + ctx.pathParam("param1")
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + ctx.pathParam("param2");
    Optional<ManagedIdentity> mi = s.state().identity(id);
    if (mi.isEmpty()) {
      ArmErrors.send(
          ctx, 404, "ParentResourceNotFound", "The parent user-assigned identity doesn't exist.");
    }
    return mi;
  }

  private void createOrUpdate(RoutingContext ctx) {
    Optional<ManagedIdentity> mi = parent(ctx);
    if (mi.isEmpty()) {
      return;
    }
    JsonNode body = Json.body(ctx);
    JsonNode props = body == null ? null : body.get("properties");
    FederatedCredentials.Put put =
        s.state()
            .federatedCredentials()
            .put(
                mi.get(),
                ctx.pathParam("param3"),
                text(props, "issuer"),
                text(props, "subject"),
                audiences(props));
    if (put.error() != null) {
      ArmErrors.send(ctx, put.error().status(), put.error().code(), put.error().message());
      return;
    }
    Json.send(ctx, put.created() ? 201 : 200, ArmJson.federatedCredential(put.credential()));
  }

  private static String text(JsonNode props, String field) {
    JsonNode v = props == null ? null : props.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static List<String> audiences(JsonNode props) {
    JsonNode v = props == null ? null : props.get("audiences");
    if (v == null || !v.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    v.forEach(a -> out.add(a.isTextual() ? a.asText() : null));
    return out;
  }

  private void get(RoutingContext ctx) {
    parent(ctx)
        .ifPresent(
            mi ->
                s.state()
                    .federatedCredentials()
                    .get(mi, ctx.pathParam("param3"))
                    .ifPresentOrElse(
                        fc -> Json.send(ctx, 200, ArmJson.federatedCredential(fc)),
                        () ->
                            ArmErrors.notFound(
                                ctx,
                                TYPE,
                                mi.name() + "/" + ctx.pathParam("param3"),
                                mi.resourceGroup())));
  }

  private void delete(RoutingContext ctx) {
    parent(ctx)
        .ifPresent(
            mi -> {
              boolean deleted =
                  s.state().federatedCredentials().delete(mi, ctx.pathParam("param3"));
              ctx.response().setStatusCode(deleted ? 200 : 204).end();
            });
  }

  private void list(RoutingContext ctx) {
    parent(ctx)
        .ifPresent(
            mi ->
                Json.send(
                    ctx,
                    200,
                    Map.of(
                        "value",
                        s.state().federatedCredentials().of(mi).stream()
                            .map(ArmJson::federatedCredential)
                            .toList())));
  }
}
