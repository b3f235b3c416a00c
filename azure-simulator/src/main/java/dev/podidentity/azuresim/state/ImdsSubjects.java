package dev.podidentity.azuresim.state;

import dev.podidentity.azuresim.state.ComputeTarget.IdentitySnapshot;
import dev.podidentity.azuresim.state.ComputeTarget.SystemIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Which identity IMDS issues a token for on a VM, as Azure's IMDS decides it. */
final class ImdsSubjects {
  private ImdsSubjects() {}

  /**
   * The identity named by client id, resource id or object id if it is on the target ({@code snap})
   * and still exists ({@code existing}, by lowercased resource id); with none named, the system
   * identity, or the only user identity when there is no system identity.
   */
  static Optional<TokenSubject> of(
      String targetId,
      IdentitySnapshot snap,
      Function<String, ManagedIdentity> existing,
      String clientId,
      String resourceId,
      String objectId) {
    List<ManagedIdentity> live = new ArrayList<>();
    for (String key : snap.userAssigned().keySet()) {
      ManagedIdentity mi = existing.apply(key);
      if (mi != null) {
        live.add(mi);
      }
    }
    if (clientId == null && resourceId == null && objectId == null) {
      if (snap.system() != null) {
        SystemIdentity s = snap.system();
        return Optional.of(new TokenSubject(s.clientId(), s.principalId(), targetId));
      }
      return live.size() == 1 ? Optional.of(TokenSubject.of(live.get(0))) : Optional.empty();
    }
    for (ManagedIdentity mi : live) {
      if ((clientId != null && mi.clientId().equalsIgnoreCase(clientId))
          || (resourceId != null && mi.key().equals(AzureState.lower(resourceId)))
          || (objectId != null && mi.principalId().equalsIgnoreCase(objectId))) {
        return Optional.of(TokenSubject.of(mi));
      }
    }
    return Optional.empty();
  }
}
