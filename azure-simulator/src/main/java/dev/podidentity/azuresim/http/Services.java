package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Faults;
import dev.podidentity.azuresim.federation.FederatedExchange;
import dev.podidentity.azuresim.state.AzureState;
import dev.podidentity.azuresim.throttle.Throttles;
import dev.podidentity.azuresim.tokens.TokenIssuer;
import io.vertx.core.Vertx;

/**
 * What the HTTP handlers share.
 *
 * @param patchLatencyMillis real milliseconds an update runs before its operation completes
 */
public record Services(
    Vertx vertx,
    AzureState state,
    Throttles throttles,
    Faults faults,
    Counters counters,
    TokenIssuer issuer,
    long patchLatencyMillis,
    ImdsAddresses imds,
    FederatedExchange exchange) {

  /** How a VM's IMDS is addressed, so answers (seed results, admin) can report it. */
  public interface ImdsAddresses {
    String endpointFor(String vmName);
  }
}
