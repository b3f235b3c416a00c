package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.state.ComputeTarget.Kind;
import dev.podidentity.azuresim.state.IdentityError;
import dev.podidentity.azuresim.state.IdentityUpdate;
import dev.podidentity.azuresim.throttle.ThrottleDecision;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.Compute}: GET, PATCH and PUT of scale sets and VMs with ARM's identity semantics
 * and the long-running-operation protocol; throttling and injected faults are {@link
 * ComputeFaults}'.
 */
public final class ComputeHandler {

  private static final String PREFIX = "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)";
  private static final String TARGET =
      PREFIX + "/providers/Microsoft\\.Compute/(virtualMachineScaleSets|virtualMachines)/([^/]+)";
  private static final String LOCATION_OPS =
      "(?i)/subscriptions/([^/]+)/providers/Microsoft\\.Compute/locations/([^/]+)/";

  private final Services s;
  private final Operations operations;
  private final ComputeFaults faults;

  public ComputeHandler(Services services) {
    this.s = services;
    this.faults = new ComputeFaults(services);
    this.operations = new Operations(services.vertx());
  }

  /** The long-running operations this handler started (the admin API reports their timings). */
  public Operations operations() {
    return operations;
  }

  public void register(Router router) {
    router.routeWithRegex(HttpMethod.GET, TARGET).handler(this::get);
    router.routeWithRegex(HttpMethod.PATCH, TARGET).handler(ctx -> update(ctx, false));
    router.routeWithRegex(HttpMethod.PUT, TARGET).handler(ctx -> update(ctx, true));
    router
        .routeWithRegex(
            HttpMethod.GET,
            PREFIX
                + "/providers/Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)/virtualMachines")
        .handler(this::listInstances);
    router
        .routeWithRegex(HttpMethod.GET, PREFIX + "/providers/Microsoft\\.Compute/virtualMachines")
        .handler(new ProtectedRead(s)::listVirtualMachines);
    router
        .routeWithRegex(HttpMethod.GET, LOCATION_OPS + "operations/([^/]+)")
        .handler(this::status);
    router
        .routeWithRegex(HttpMethod.GET, LOCATION_OPS + "operationResults/([^/]+)")
        .handler(this::result);
  }

  private Optional<ComputeTarget> target(RoutingContext ctx) {
    Kind kind =
        ctx.pathParam("param2").equalsIgnoreCase("virtualMachineScaleSets")
            ? Kind.SCALE_SET
            : Kind.VIRTUAL_MACHINE;
    String sub = ctx.pathParam("param0");
    String rg = ctx.pathParam("param1");
    String name = ctx.pathParam("param3");
    if (!ApiVersions.check(ctx, ApiVersions.COMPUTE, kind.armType)) {
      return Optional.empty();
    }
    if (!s.state().resourceGroupExists(sub, rg)) {
      ArmErrors.send(
          ctx, 404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
      return Optional.empty();
    }
    Optional<ComputeTarget> t = s.state().target(kind, sub, rg, name);
    if (t.isEmpty()) {
      ArmErrors.notFound(ctx, kind.armType, name, rg);
    }
    return t;
  }

  private void get(RoutingContext ctx) {
    target(ctx)
        .ifPresent(
            t -> {
              s.counters().compute(t.name(), Counters.GET);
              faults.guarded(
                  ctx,
                  t,
                  "GET",
                  () -> {
                    ThrottleDecision d = s.throttles().get(t.key());
                    ctx.response()
                        .putHeader("x-ms-ratelimit-remaining-resource", d.remainingHeader());
                    if (!d.allowed()) {
                      faults.throttled(ctx, t, d);
                      return;
                    }
                    Json.send(ctx, 200, ArmJson.target(t, s.state().tenantId()));
                  });
            });
  }

  private void update(RoutingContext ctx, boolean put) {
    Optional<ComputeTarget> found = target(ctx);
    if (found.isEmpty()) {
      return;
    }
    ComputeTarget t = found.get();
    String op = put ? "PUT" : "PATCH";
    s.counters().compute(t.name(), put ? Counters.PUT : Counters.PATCH);
    faults.guarded(ctx, t, op, () -> admitUpdate(ctx, t, put));
  }

  private void admitUpdate(RoutingContext ctx, ComputeTarget t, boolean put) {
    ThrottleDecision d = s.throttles().patch(t.subscriptionId(), t.key());
    ctx.response().putHeader("x-ms-ratelimit-remaining-resource", d.remainingHeader());
    if (!d.allowed()) {
      faults.throttled(ctx, t, d);
      return;
    }
    String ifMatch = ctx.request().getHeader("If-Match");
    if (ifMatch != null && !"*".equals(ifMatch.trim()) && !t.etag().equals(ifMatch.trim())) {
      faults.fail(
          ctx,
          t,
          412,
          "PreconditionFailed",
          "The condition specified using HTTP conditional header(s) is not met: the resource's"
              + " etag is "
              + t.etag()
              + ", the request expected "
              + ifMatch
              + ".");
      return;
    }
    IdentityUpdate update;
    try {
      update = IdentityBodies.parse(Json.body(ctx), put);
    } catch (Json.BadJson e) {
      faults.fail(
          ctx,
          t,
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: '"
              + e.getMessage()
              + "'.");
      return;
    }
    Optional<IdentityError> refused = Optional.empty();
    if (update != null) {
      refused = s.state().validate(t, update, s.faults().linkedAuthorizationFailures());
    }
    if (refused.isEmpty()) {
      refused = t.beginOperation("pending");
    }
    if (refused.isPresent()) {
      IdentityError e = refused.get();
      faults.fail(ctx, t, e.status(), e.code(), e.message());
      return;
    }
    IdentityUpdate accepted = update;
    Operations.Operation operation =
        operations.start(
            t.key(),
            s.patchLatencyMillis(),
            () -> {
              if (accepted != null) {
                s.state().apply(t, accepted);
              }
              t.endOperation();
            },
            identities(accepted, true),
            identities(accepted, false));
    accepted(ctx, t, operation);
  }

  /**
   * Answers an accepted update as ARM's compute provider does: 200 with the resource. While the
   * operation runs the body says {@code provisioningState: Updating} and Azure-AsyncOperation,
   * Location and Retry-After say where and when to poll (the compute SDK expects 200 here, not
   * 202). An update that completed at once (latency 0) carries no polling headers, so SDK clients
   * finish without waiting a poll interval.
   */
  private static List<String> identities(IdentityUpdate update, boolean added) {
    if (update == null) {
      return List.of();
    }
    return update.userAssigned().entrySet().stream()
        .filter(e -> e.getValue() == added)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private void accepted(RoutingContext ctx, ComputeTarget t, Operations.Operation op) {
    if (op.done()) {
      op.reportedDone();
      Json.send(ctx, 200, ArmJson.target(t, s.state().tenantId()));
      return;
    }
    String base =
        Json.origin(ctx)
            + "/subscriptions/"
            + t.subscriptionId()
            + "/providers/Microsoft.Compute/locations/"
            + t.location()
            + "/";
    String version = "?api-version=" + ctx.request().getParam("api-version");
    ctx.response()
        .putHeader("Azure-AsyncOperation", base + "operations/" + op.id + version)
        .putHeader("Location", base + "operationResults/" + op.id + version);
    retryAfter(ctx, op);
    Json.send(ctx, 200, ArmJson.target(t, s.state().tenantId()));
  }

  private void retryAfter(RoutingContext ctx, Operations.Operation op) {
    if (!op.done()) {
      ctx.response()
          .putHeader(
              "Retry-After",
              Long.toString(Operations.retryAfterSeconds(op, s.patchLatencyMillis())));
    }
  }

  private void status(RoutingContext ctx) {
    Operations.Operation op = operation(ctx);
    if (op != null) {
      retryAfter(ctx, op);
      Map<String, Object> body = op.statusBody();
      if ("Succeeded".equals(body.get("status"))) {
        op.reportedDone();
      }
      Json.send(ctx, 200, body);
    }
  }

  /** Location polling: 202 while running, then 200 with the resource. */
  private void result(RoutingContext ctx) {
    Operations.Operation op = operation(ctx);
    if (op == null) {
      return;
    }
    if (!op.done()) {
      retryAfter(ctx, op);
      ctx.response().setStatusCode(202).end();
      return;
    }
    op.reportedDone();
    s.state()
        .targetById(op.targetKey())
        .ifPresentOrElse(
            t -> Json.send(ctx, 200, ArmJson.target(t, s.state().tenantId())),
            () -> ctx.response().setStatusCode(204).end());
  }

  private Operations.Operation operation(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.COMPUTE, "locations/operations")) {
      return null;
    }
    Operations.Operation op = operations.get(ctx.pathParam("param2"));
    if (op == null) {
      ArmErrors.send(
          ctx, 404, "NotFound", "The operation '" + ctx.pathParam("param2") + "' was not found.");
    }
    return op;
  }

  private void listInstances(RoutingContext ctx) {
    if (!ApiVersions.check(ctx, ApiVersions.COMPUTE, "virtualMachineScaleSets/virtualMachines")) {
      return;
    }
    String rg = ctx.pathParam("param1");
    String name = ctx.pathParam("param2");
    s.state()
        .target(Kind.SCALE_SET, ctx.pathParam("param0"), rg, name)
        .ifPresentOrElse(
            t ->
                Json.send(
                    ctx,
                    200,
                    Map.of(
                        "value",
                        t.instances().stream().map(vm -> ArmJson.instance(t, vm)).toList())),
            () -> ArmErrors.notFound(ctx, Kind.SCALE_SET.armType, name, rg));
  }
}
