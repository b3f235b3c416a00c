package dev.podidentity.testsupport.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.awaitility.Awaitility;

/**
 * ACL changes that return once the broker enforces them: the controller commits a change before the
 * broker's authorizer has applied it, and a test acting at once would race it. The broker answers
 * {@code describeAcls} from that authorizer, so waiting on it is enough.
 */
final class AclAdmin {
  private static final Duration PROPAGATION = Duration.ofSeconds(30);

  private AclAdmin() {}

  static void apply(Admin admin, Collection<AclBinding> acls) {
    if (acls.isEmpty()) {
      return;
    }
    try {
      admin.createAcls(List.copyOf(acls)).all().get(30, TimeUnit.SECONDS);
      Awaitility.await("ACLs to reach the authorizer")
          .atMost(PROPAGATION)
          .until(() -> current(admin, AclBindingFilter.ANY).containsAll(acls));
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw failure("cannot create ACLs " + acls, e);
    }
  }

  static void remove(Admin admin, String principal) {
    AclBindingFilter filter =
        new AclBindingFilter(
            ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
    try {
      admin.deleteAcls(List.of(filter)).all().get(30, TimeUnit.SECONDS);
      Awaitility.await("ACLs of " + principal + " to go")
          .atMost(PROPAGATION)
          .until(() -> current(admin, filter).isEmpty());
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw failure("cannot delete the ACLs of " + principal, e);
    }
  }

  private static Set<AclBinding> current(Admin admin, AclBindingFilter filter) throws Exception {
    return new HashSet<>(admin.describeAcls(filter).values().get(10, TimeUnit.SECONDS));
  }

  private static IllegalStateException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException(what + ": " + e.getMessage(), e);
  }
}
