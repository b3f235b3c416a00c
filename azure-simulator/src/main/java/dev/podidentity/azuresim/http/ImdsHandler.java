package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.control.Faults;
import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.state.TokenSubject;
import dev.podidentity.azuresim.state.VmInstance;
import dev.podidentity.azuresim.throttle.ThrottleDecision;
import dev.podidentity.azuresim.tokens.TokenIssuer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IMDS for every simulated VM, over plain HTTP as the real one. A VM's IMDS lives under {@code
 * /vms/{vmName}}, so a client whose IMDS base URL is {@code http://127.0.0.1:<port>/vms/<vm>} uses
 * the standard paths below it. Tokens are issued only for an identity currently on the VM's scale
 * set (or VM), or its system identity.
 */
public final class ImdsHandler {

  /** IMDS serves at most this many requests of one VM at a time. */
  public static final int MAX_CONCURRENT_PER_VM = 5;

  private static final String VM = "(?i)/vms/([^/]+)/metadata/";

  private final Services s;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  public ImdsHandler(Services s) {
    this.s = s;
  }

  public void register(Router router) {
    router
        .routeWithRegex(HttpMethod.GET, VM + "identity/oauth2/token/?")
        .handler(ctx -> admit(ctx, this::token));
    router
        .routeWithRegex(HttpMethod.GET, VM + "instance/?")
        .handler(ctx -> admit(ctx, this::instance));
    router.route().handler(ctx -> error(ctx, 404, "not_found", "No IMDS endpoint at this path"));
  }

  private interface VmHandler {
    void handle(RoutingContext ctx, VmInstance vm);
  }

  /** The checks every IMDS request passes: VM, Metadata header, budgets, faults. */
  private void admit(RoutingContext ctx, VmHandler next) {
    Optional<VmInstance> found = s.state().vm(ctx.pathParam("param0"));
    if (found.isEmpty()) {
      error(ctx, 404, "not_found", "No simulated VM named '" + ctx.pathParam("param0") + "'");
      return;
    }
    VmInstance vm = found.get();
    s.counters().imds(vm.name(), Counters.REQUESTS);
    if (!"true".equalsIgnoreCase(ctx.request().getHeader("Metadata"))) {
      fail(ctx, vm, 400, "invalid_request", "Required metadata header not specified");
      return;
    }
    ThrottleDecision rate = s.throttles().imds(vm.name());
    if (!rate.allowed()) {
      ctx.response().putHeader("Retry-After", Long.toString(rate.retryAfterSeconds()));
      fail(ctx, vm, 429, "too_many_requests", "Too many requests for this VM's IMDS");
      return;
    }
    AtomicInteger running = inFlight.computeIfAbsent(vm.name(), k -> new AtomicInteger());
    if (running.incrementAndGet() > MAX_CONCURRENT_PER_VM) {
      running.decrementAndGet();
      ctx.response().putHeader("Retry-After", "1");
      fail(ctx, vm, 429, "too_many_requests", "Too many concurrent requests for this VM's IMDS");
      return;
    }
    ctx.addEndHandler(ar -> running.decrementAndGet());
    Faults.Plan plan = s.faults().plan("imds", vm.name(), "GET");
    Runnable proceed =
        () -> {
          if (plan.disruption().isPresent()) {
            disrupt(ctx, vm, plan.disruption().get(), plan.holdMs());
          } else {
            next.handle(ctx, vm);
          }
        };
    if (plan.latencyMs() > 0) {
      s.vertx().setTimer(plan.latencyMs(), id -> proceed.run());
    } else {
      proceed.run();
    }
  }

  private void token(RoutingContext ctx, VmInstance vm) {
    if (!apiVersion(ctx, vm)) {
      return;
    }
    String resource = ctx.request().getParam("resource");
    if (resource == null || resource.isBlank()) {
      fail(ctx, vm, 400, "invalid_request", "Required query variable 'resource' is missing");
      return;
    }
    String resId = ctx.request().getParam("msi_res_id");
    if (resId == null) {
      resId = ctx.request().getParam("mi_res_id");
    }
    Optional<TokenSubject> subject =
        s.state()
            .imdsIdentity(
                vm,
                ctx.request().getParam("client_id"),
                resId,
                ctx.request().getParam("object_id"));
    if (subject.isEmpty()) {
      fail(ctx, vm, 400, "invalid_request", "Identity not found");
      return;
    }
    TokenIssuer.Issued t =
        s.issuer().issue(subject.get(), resource, TokenIssuer.IMDS_TOKEN_LIFETIME);
    long lifetime = t.lifetime().toSeconds();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", t.token());
    body.put("client_id", subject.get().clientId());
    body.put("expires_in", Long.toString(lifetime - 1));
    body.put("expires_on", Long.toString(t.expiresOn().getEpochSecond()));
    body.put("ext_expires_in", Long.toString(lifetime - 1));
    body.put("not_before", Long.toString(t.notBefore().getEpochSecond()));
    body.put("resource", resource);
    body.put("token_type", "Bearer");
    s.counters().imds(vm.name(), Counters.TOKENS);
    Json.send(ctx, 200, body);
  }

  private void instance(RoutingContext ctx, VmInstance vm) {
    if (!apiVersion(ctx, vm)) {
      return;
    }
    ComputeTarget t = s.state().targetOf(vm);
    Map<String, Object> compute = new LinkedHashMap<>();
    compute.put("azEnvironment", "AzurePublicCloud");
    compute.put("location", t.location());
    compute.put("name", vm.name());
    compute.put("osType", "Linux");
    compute.put("resourceGroupName", t.resourceGroup());
    compute.put("subscriptionId", t.subscriptionId());
    compute.put("vmId", vm.vmId());
    compute.put("vmSize", "Standard_DS2_v2");
    boolean scaleSet = t.kind() == ComputeTarget.Kind.SCALE_SET;
    compute.put("vmScaleSetName", scaleSet ? t.name() : "");
    compute.put("resourceId", scaleSet ? t.id() + "/virtualMachines/" + vm.instanceId() : t.id());
    Json.send(
        ctx, 200, Map.of("compute", compute, "network", Map.of("interface", java.util.List.of())));
  }

  private boolean apiVersion(RoutingContext ctx, VmInstance vm) {
    String v = ctx.request().getParam("api-version");
    if (v == null) {
      fail(ctx, vm, 400, "invalid_request", "Required query variable 'api-version' is missing");
      return false;
    }
    if (!ApiVersions.IMDS.contains(v)) {
      fail(ctx, vm, 400, "invalid_request", "Invalid api-version '" + v + "'");
      return false;
    }
    return true;
  }

  private void disrupt(RoutingContext ctx, VmInstance vm, Fault f, long holdMs) {
    switch (f.kind()) {
      case HANG -> {
        s.counters().imds(vm.name(), "hangs");
        Hangs.hold(
            s,
            ctx,
            f,
            holdMs,
            () -> fail(ctx, vm, f.status(), "timeout", "IMDS timed out (injected)"));
      }
      case THROTTLE -> {
        ctx.response().putHeader("Retry-After", "1");
        fail(ctx, vm, 429, "too_many_requests", "Too many requests (injected)");
      }
      default -> {
        int status = f.status() == null ? 500 : f.status();
        fail(ctx, vm, status, "server_error", "IMDS failed (injected)");
      }
    }
  }

  private void fail(RoutingContext ctx, VmInstance vm, int status, String code, String text) {
    s.counters().imds(vm.name(), status == 429 ? Counters.THROTTLED : Counters.ERROR);
    error(ctx, status, code, text);
  }

  private static void error(RoutingContext ctx, int status, String code, String text) {
    Json.send(ctx, status, Map.of("error", code, "error_description", text));
  }
}
