package dev.podidentity.azuresim;

import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Faults;
import dev.podidentity.azuresim.federation.FederatedExchange;
import dev.podidentity.azuresim.federation.IssuerKeys;
import dev.podidentity.azuresim.http.AdminHandler;
import dev.podidentity.azuresim.http.ArmErrors;
import dev.podidentity.azuresim.http.ComputeHandler;
import dev.podidentity.azuresim.http.EntraHandler;
import dev.podidentity.azuresim.http.FederatedCredentialHandler;
import dev.podidentity.azuresim.http.ImdsHandler;
import dev.podidentity.azuresim.http.Json;
import dev.podidentity.azuresim.http.MsiHandler;
import dev.podidentity.azuresim.http.Services;
import dev.podidentity.azuresim.state.AzureState;
import dev.podidentity.azuresim.throttle.SimClock;
import dev.podidentity.azuresim.throttle.Throttles;
import dev.podidentity.azuresim.tokens.TlsMaterial;
import dev.podidentity.azuresim.tokens.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A simulated Azure in this JVM: ARM (compute, managed identities), Entra and the admin API on one
 * HTTPS port, and every VM's IMDS on one plain-HTTP port under {@code /vms/{vmName}}.
 *
 * <pre>{@code
 * try (AzureSimulator sim = AzureSimulator.start(SimulatorConfig.forTests())) {
 *   sim.admin().seed(...);
 *   // SDK: AzureEnvironment with resourceManagerEndpointUrl = sim.armUrl(), trust sim.trustPemPath()
 * }
 * }</pre>
 */
public final class AzureSimulator implements AutoCloseable {

  private final Vertx vertx;
  private final SimulatorConfig config;
  private final Services services;
  private final TlsMaterial tls;
  private HttpServer arm;
  private HttpServer imds;
  private SimulatorAdminClient admin;

  private AzureSimulator(Vertx vertx, SimulatorConfig config, TlsMaterial tls) {
    this.vertx = vertx;
    this.config = config;
    this.tls = tls;
    AzureState state = new AzureState(config.tenantId());
    Counters counters = new Counters();
    List<Path> issuerTrust = new ArrayList<>(config.issuerTrustPems());
    issuerTrust.add(tls.pemPath());
    FederatedExchange exchange =
        new FederatedExchange(
            state,
            new IssuerKeys(vertx, issuerTrust, counters, Clock.systemUTC()),
            counters,
            Clock.systemUTC());
    this.services =
        new Services(
            vertx,
            state,
            new Throttles(SimClock.system(config.timeScale())),
            new Faults(),
            counters,
            new TokenIssuer(config.tenantId()),
            config.realMillis(config.patchLatency()),
            this::imdsEndpointFor,
            exchange);
  }

  /** Starts the listeners, writes the trust files and loads the seed; blocks until ready. */
  public static AzureSimulator start(SimulatorConfig config) {
    Path dir = config.trustDir();
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("azure-simulator-trust");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Vertx vertx = Vertx.vertx();
    AzureSimulator sim = new AzureSimulator(vertx, config, TlsMaterial.create(dir));
    try {
      sim.listen();
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
    if (config.seed() != null) {
      new Seeder(sim.services.state(), sim::imdsEndpointFor).apply(config.seed());
    }
    return sim;
  }

  private void listen() {
    Router armRouter = Router.router(vertx);
    armRouter.route().handler(BodyHandler.create(false).setBodyLimit(4 * 1024 * 1024));
    ComputeHandler compute = new ComputeHandler(services);
    new AdminHandler(services, compute.operations()).register(armRouter);
    compute.register(armRouter);
    new MsiHandler(services).register(armRouter);
    new FederatedCredentialHandler(services).register(armRouter);
    new EntraHandler(services).register(armRouter);
    armRouter.route().handler(ArmErrors::noRoute);
    armRouter.route().failureHandler(AzureSimulator::failure);
    HttpServerOptions tlsOptions =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.armPort())
            .setSsl(true)
            // HTTP/2 by ALPN, as ARM offers it: a client multiplexes a burst of calls on one
            // connection instead of opening (and handshaking) one per call.
            .setUseAlpn(true)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setKeyValue(Buffer.buffer(tls.privateKeyPem()))
                    .setCertValue(Buffer.buffer(tls.certificatePem())));
    Router imdsRouter = Router.router(vertx);
    new ImdsHandler(services).register(imdsRouter);
    imdsRouter.route().failureHandler(AzureSimulator::failure);
    arm = await(vertx.createHttpServer(tlsOptions).requestHandler(armRouter).listen());
    imds =
        await(
            vertx
                .createHttpServer(
                    new HttpServerOptions().setHost(config.host()).setPort(config.imdsPort()))
                .requestHandler(imdsRouter)
                .listen());
  }

  /** Anything a handler did not answer becomes an ARM-shaped error, never a dropped request. */
  private static void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof Json.BadJson) {
      ArmErrors.invalidContent(ctx, t.getMessage());
    } else if (t instanceof IllegalArgumentException) {
      ArmErrors.send(ctx, 400, "InvalidParameter", t.getMessage());
    } else if (ctx.statusCode() == 413) {
      ArmErrors.send(ctx, 413, "RequestEntityTooLarge", "The request body is too large.");
    } else if (ctx.statusCode() == 405) {
      ArmErrors.send(ctx, 405, "MethodNotAllowed", "The method is not allowed on this path.");
    } else if (t == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      ArmErrors.send(ctx, ctx.statusCode(), "BadRequest", "The request is invalid.");
    } else {
      ArmErrors.send(
          ctx,
          500,
          "InternalServerError",
          "An internal error occurred: " + (t == null ? "unknown" : t));
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("simulator failed to start: " + e.getMessage(), e);
    }
  }

  /** {@code https://127.0.0.1:<port>}: ARM, Entra (authority host) and the admin API. */
  public String armUrl() {
    return "https://" + config.host() + ":" + arm.actualPort();
  }

  /** {@code http://127.0.0.1:<port>}: the IMDS listener shared by all VMs. */
  public String imdsUrl() {
    return "http://" + config.host() + ":" + imds.actualPort();
  }

  /**
   * The IMDS base URL of one VM, for {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} or an NMI's IMDS
   * setting: the client appends {@code /metadata/identity/oauth2/token}.
   */
  public String imdsEndpointFor(String vmName) {
    return imdsUrl() + "/vms/" + vmName;
  }

  public String tenantId() {
    return config.tenantId();
  }

  /** PEM file of the server certificate; trust it to talk to {@link #armUrl()}. */
  public Path trustPemPath() {
    return tls.pemPath();
  }

  /** PKCS12 trust store with the server certificate, password {@link #trustStorePassword()}. */
  public Path trustStorePath() {
    return tls.pkcs12Path();
  }

  public String trustStorePassword() {
    return TlsMaterial.TRUST_STORE_PASSWORD;
  }

  /** The Java admin client (seed, faults, counters). */
  public synchronized SimulatorAdminClient admin() {
    if (admin == null) {
      admin = new SimulatorAdminClient(armUrl(), trustPemPath());
    }
    return admin;
  }

  /** In-process access for embedding code; tests should prefer {@link #admin()}. */
  public AzureState state() {
    return services.state();
  }

  public Counters counters() {
    return services.counters();
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing is best effort: the JVM may be going down anyway
    }
    if (config.trustDir() == null) {
      // A temporary trust directory is ours; a given one belongs to whoever reads it.
      try {
        Files.deleteIfExists(tls.pemPath());
        Files.deleteIfExists(tls.pkcs12Path());
        Files.deleteIfExists(tls.pemPath().getParent());
      } catch (IOException e) {
        // leaving a temporary file behind is harmless
      }
    }
  }
}
