package dev.podidentity.azuresim.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.podidentity.azuresim.Seed;
import dev.podidentity.azuresim.Seeder;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.state.ComputeTarget.IdentitySnapshot;
import dev.podidentity.azuresim.state.FederatedCredentials;
import dev.podidentity.azuresim.state.ManagedIdentity;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The control plane tests and the local stack use: seed state, put identities on targets directly,
 * manage federated credentials, inject faults, read and reset counters and budgets. Not part of
 * Azure's API; errors keep ARM's shape anyway.
 */
public final class AdminHandler {

  private final Services s;
  private final Seeder seeder;
  private final Operations operations;

  public AdminHandler(Services s, Operations operations) {
    this.s = s;
    this.seeder = new Seeder(s.state(), s.imds());
    this.operations = operations;
  }

  /** Body of PUT /admin/targets/identities. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AssignRequest(String targetId, List<String> identities, boolean systemAssigned) {}

  /** Body of POST /admin/targets/state. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StateRequest(String targetId, boolean deleting) {}

  /** Body of POST /admin/role-assignments. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RoleRequest(String principalId, String scope, String role) {}

  /** Body of PUT /admin/federated-credentials. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FederatedCredentialRequest(
      String identityId, String name, String issuer, String subject, List<String> audiences) {}

  public void register(Router router) {
    router.post("/admin/seed").handler(ctx -> send(ctx, seeder.apply(Json.body(ctx, Seed.class))));
    router.get("/admin/targets/identities").handler(this::identities);
    router.put("/admin/targets/identities").handler(this::assign);
    router.post("/admin/targets/state").handler(this::setState);
    router.post("/admin/role-assignments").handler(this::addRole);
    router.put("/admin/federated-credentials").handler(this::putFederated);
    router
        .get("/admin/federated-credentials")
        .handler(ctx -> withIdentity(ctx, this::listFederated));
    router
        .delete("/admin/federated-credentials")
        .handler(ctx -> withIdentity(ctx, this::deleteFederated));
    router.put("/admin/entra/clock").handler(this::setEntraClock);
    router
        .get("/admin/entra/clock")
        .handler(ctx -> send(ctx, Map.of("offsetSeconds", s.exchange().clockOffset().toSeconds())));
    router.post("/admin/faults").handler(this::addFault);
    router.get("/admin/faults").handler(ctx -> send(ctx, Map.of("faults", s.faults().list())));
    router
        .delete("/admin/faults")
        .handler(
            ctx -> {
              s.faults().clear();
              ctx.response().setStatusCode(204).end();
            });
    router.get("/admin/counters").handler(ctx -> send(ctx, s.counters().snapshot()));
    router
        .delete("/admin/counters")
        .handler(
            ctx -> {
              s.counters().reset();
              ctx.response().setStatusCode(204).end();
            });
    router
        .delete("/admin/throttles")
        .handler(
            ctx -> {
              s.throttles().reset();
              ctx.response().setStatusCode(204).end();
            });
    router.get("/admin/vms").handler(this::vms);
    // When each update ran and when its client was told: benchmarks place PATCHes on a timeline.
    router
        .get("/admin/operations")
        .handler(ctx -> send(ctx, Map.of("operations", operations.timings())));
    router.route("/admin/*").handler(ArmErrors::noRoute);
  }

  /** Body of PUT /admin/entra/clock. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClockRequest(long offsetSeconds) {}

  private void setEntraClock(RoutingContext ctx) {
    ClockRequest r = Json.body(ctx, ClockRequest.class);
    s.exchange().setClockOffset(java.time.Duration.ofSeconds(r.offsetSeconds()));
    send(ctx, Map.of("offsetSeconds", r.offsetSeconds()));
  }

  private static void send(RoutingContext ctx, Object body) {
    Json.send(ctx, 200, body);
  }

  private Optional<ComputeTarget> target(RoutingContext ctx, String id) {
    Optional<ComputeTarget> t = id == null ? Optional.empty() : s.state().targetById(id);
    if (t.isEmpty()) {
      ArmErrors.send(ctx, 404, "ResourceNotFound", "No scale set or VM with id '" + id + "'.");
    }
    return t;
  }

  private void identities(RoutingContext ctx) {
    target(ctx, ctx.request().getParam("id")).ifPresent(t -> send(ctx, describe(t)));
  }

  private Map<String, Object> describe(ComputeTarget t) {
    IdentitySnapshot snap = t.identity();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", snap.type().wire());
    m.put("systemAssigned", snap.system() != null);
    m.put("userAssignedIdentities", List.copyOf(snap.userAssigned().keySet()));
    m.put("provisioningState", t.provisioningState());
    return m;
  }

  private void assign(RoutingContext ctx) {
    AssignRequest req = Json.body(ctx, AssignRequest.class);
    target(ctx, req.targetId())
        .ifPresent(
            t -> {
              try {
                s.state()
                    .assignDirectly(
                        t,
                        req.identities() == null ? List.of() : req.identities(),
                        req.systemAssigned());
                send(ctx, describe(t));
              } catch (IllegalArgumentException e) {
                ArmErrors.send(ctx, 400, "InvalidParameter", e.getMessage());
              }
            });
  }

  private void setState(RoutingContext ctx) {
    StateRequest req = Json.body(ctx, StateRequest.class);
    target(ctx, req.targetId())
        .ifPresent(
            t -> {
              t.markDeleting(req.deleting());
              send(ctx, describe(t));
            });
  }

  private void addRole(RoutingContext ctx) {
    RoleRequest req = Json.body(ctx, RoleRequest.class);
    if (req.principalId() == null || req.scope() == null) {
      ArmErrors.send(ctx, 400, "InvalidParameter", "principalId and scope are required.");
      return;
    }
    send(
        ctx,
        s.state()
            .directory()
            .addRoleAssignment(
                req.principalId(), req.scope(), req.role() == null ? "Reader" : req.role()));
  }

  private Optional<ManagedIdentity> identity(RoutingContext ctx, String id) {
    Optional<ManagedIdentity> mi = id == null ? Optional.empty() : s.state().identity(id);
    if (mi.isEmpty()) {
      ArmErrors.send(
          ctx, 404, "ResourceNotFound", "No user-assigned identity with id '" + id + "'.");
    }
    return mi;
  }

  private void withIdentity(RoutingContext ctx, BiConsumer<RoutingContext, ManagedIdentity> then) {
    identity(ctx, ctx.request().getParam("identityId")).ifPresent(mi -> then.accept(ctx, mi));
  }

  private void putFederated(RoutingContext ctx) {
    FederatedCredentialRequest req = Json.body(ctx, FederatedCredentialRequest.class);
    identity(ctx, req.identityId())
        .ifPresent(
            mi -> {
              FederatedCredentials.Put put =
                  s.state()
                      .federatedCredentials()
                      .put(mi, req.name(), req.issuer(), req.subject(), req.audiences());
              if (put.error() != null) {
                ArmErrors.send(
                    ctx, put.error().status(), put.error().code(), put.error().message());
              } else {
                send(ctx, ArmJson.federatedCredential(put.credential()));
              }
            });
  }

  private void listFederated(RoutingContext ctx, ManagedIdentity mi) {
    send(
        ctx,
        Map.of(
            "value",
            s.state().federatedCredentials().of(mi).stream()
                .map(ArmJson::federatedCredential)
                .toList()));
  }

  private void deleteFederated(RoutingContext ctx, ManagedIdentity mi) {
    s.state().federatedCredentials().delete(mi, String.valueOf(ctx.request().getParam("name")));
    ctx.response().setStatusCode(204).end();
  }

  private void addFault(RoutingContext ctx) {
    Fault f = Json.body(ctx, Fault.class);
    if (f.kind() == null) {
      ArmErrors.send(ctx, 400, "InvalidParameter", "kind is required.");
      return;
    }
    s.faults().add(f);
    send(ctx, Map.of("faults", s.faults().list()));
  }

  private void vms(RoutingContext ctx) {
    send(
        ctx,
        Map.of(
            "vms",
            s.state().vms().stream()
                .map(
                    vm ->
                        Map.of("name", vm.name(), "imdsEndpoint", s.imds().endpointFor(vm.name())))
                .toList()));
  }
}
