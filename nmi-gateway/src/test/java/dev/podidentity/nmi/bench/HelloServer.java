package dev.podidentity.nmi.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

/**
 * The baseline of the benchmark: a bare Vert.x server answering a fixed JSON body of about the size
 * of a token answer, with the same number of event-loop instances as the NMI.
 */
public final class HelloServer extends AbstractVerticle {
  static final String BODY = "{\"hello\":\"" + "x".repeat(1_200) + "\"}";

  @Override
  public void start() {
    vertx
        .createHttpServer()
        .requestHandler(r -> r.response().putHeader("Content-Type", "application/json").end(BODY))
        .listen(Integer.parseInt(config().getString("port")), "127.0.0.1");
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    int instances = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    vertx
        .deployVerticle(
            HelloServer.class.getName(),
            new DeploymentOptions()
                .setInstances(instances)
                .setConfig(new io.vertx.core.json.JsonObject().put("port", args[0])))
        .onSuccess(id -> System.out.println("LISTENING"));
  }
}
