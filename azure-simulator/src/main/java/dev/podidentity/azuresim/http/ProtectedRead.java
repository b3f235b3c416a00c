package dev.podidentity.azuresim.http;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.podidentity.azuresim.state.ComputeTarget;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one ARM read that checks its caller, as ARM does: a bearer token this simulator signed, for
 * the ARM audience, whose {@code oid} has a role at the resource group or subscription. It lets a
 * demo prove that a token obtained through IMDS or Entra is good for ARM.
 */
final class ProtectedRead {

  static final Set<String> ARM_AUDIENCES =
      Set.of(
          "https://management.azure.com/",
          "https://management.azure.com",
          "https://management.core.windows.net/",
          "https://management.core.windows.net");

  private final Services s;

  ProtectedRead(Services s) {
    this.s = s;
  }

  void listVirtualMachines(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.COMPUTE, "Microsoft.Compute/virtualMachines")) {
      return;
    }
    String sub = ctx.pathParam("param0");
    String rg = ctx.pathParam("param1");
    Optional<JWTClaimsSet> claims = authenticate(ctx);
    if (claims.isEmpty()) {
      return;
    }
    String oid = String.valueOf(claims.get().getClaim("oid"));
    if (!s.state().directory().hasRoleAt(oid, sub, rg)) {
      ArmErrors.send(
          ctx,
          403,
          "AuthorizationFailed",
          "The client '"
              + claims.get().getClaim("appid")
              + "' with object id '"
              + oid
              + "' does not have authorization to perform action"
              + " 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/"
              + sub
              + "/resourceGroups/"
              + rg
              + "' or the scope is invalid. If access was recently granted, please refresh your"
              + " credentials.");
      return;
    }
    if (!s.state().resourceGroupExists(sub, rg)) {
      ArmErrors.send(
          ctx, 404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
      return;
    }
    List<Map<String, Object>> vms =
        s.state().targets().stream()
            .filter(t -> t.kind() == ComputeTarget.Kind.VIRTUAL_MACHINE)
            .filter(t -> t.subscriptionId().equalsIgnoreCase(sub))
            .filter(t -> t.resourceGroup().equalsIgnoreCase(rg))
            .map(t -> ArmJson.vm(t, s.state().tenantId()))
            .toList();
    Json.send(ctx, 200, Map.of("value", vms));
  }

  private Optional<JWTClaimsSet> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      unauthorized(
          ctx,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
      return Optional.empty();
    }
    Optional<JWTClaimsSet> claims = s.issuer().verify(header.substring(7).trim());
    if (claims.isEmpty()) {
      unauthorized(
          ctx,
          "InvalidAuthenticationToken",
          "The access token is invalid: its signature could not be verified or it has expired.");
      return Optional.empty();
    }
    List<String> aud = claims.get().getAudience();
    if (aud == null || aud.stream().noneMatch(ARM_AUDIENCES::contains)) {
      unauthorized(
          ctx,
          "InvalidAuthenticationTokenAudience",
          "The access token has been obtained for wrong audience or resource '"
              + aud
              + "'. It should exactly match with one of the allowed audiences"
              + " 'https://management.core.windows.net/','https://management.azure.com/'.");
      return Optional.empty();
    }
    return claims;
  }

  private void unauthorized(RoutingContext ctx, String code, String message) {
    ctx.response()
        .putHeader(
            "WWW-Authenticate",
            "Bearer authorization_uri=\""
                + Json.origin(ctx)
                + "/"
                + s.state().tenantId()
                + "\", error=\"invalid_token\"");
    ArmErrors.send(ctx, 401, code, message);
  }
}
