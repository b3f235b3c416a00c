package dev.podidentity.azuresim.state;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated tenant's directory: service principals (for the Entra endpoint) and role
 * assignments (for the protected ARM read). Thread-safe.
 */
public final class Directory {
  private final String tenantId;
  private final Map<String, ServicePrincipal> principals = new ConcurrentHashMap<>();
  private final List<RoleAssignment> roles = new CopyOnWriteArrayList<>();

  Directory(String tenantId) {
    this.tenantId = tenantId;
  }

  public ServicePrincipal addServicePrincipal(
      String clientId, String secret, String certificatePem) {
    ServicePrincipal sp =
        new ServicePrincipal(
            tenantId, clientId == null ? uuid() : clientId, uuid(), secret, certificatePem);
    principals.put(lower(sp.clientId()), sp);
    return sp;
  }

  public Optional<ServicePrincipal> servicePrincipal(String clientId) {
    return Optional.ofNullable(principals.get(lower(clientId)));
  }

  public RoleAssignment addRoleAssignment(String principalId, String scope, String roleName) {
    RoleAssignment ra = new RoleAssignment(uuid(), principalId, scope, roleName);
    roles.add(ra);
    return ra;
  }

  /** True if the principal has any role at the resource group or above it. */
  public boolean hasRoleAt(String principalId, String sub, String rg) {
    String rgScope = lower("/subscriptions/" + sub + "/resourceGroups/" + rg);
    String subScope = lower("/subscriptions/" + sub);
    return roles.stream()
        .filter(r -> r.principalId().equalsIgnoreCase(principalId))
        .map(r -> lower(r.scope()).replaceAll("/+$", ""))
        .anyMatch(s -> s.equals(rgScope) || s.equals(subScope));
  }

  public List<RoleAssignment> roleAssignments() {
    return List.copyOf(roles);
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
