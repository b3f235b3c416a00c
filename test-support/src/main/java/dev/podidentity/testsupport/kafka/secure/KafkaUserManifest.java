package dev.podidentity.testsupport.kafka.secure;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One Strimzi {@code KafkaUser}: its name, how it authenticates ({@code tls} or {@code
 * scram-sha-512}) and the ACL rules of {@code spec.authorization.acls}, read by {@link
 * KafkaUserManifests}.
 */
public record KafkaUserManifest(String name, String authentication, List<Rule> acls) {

  /** One entry of {@code spec.authorization.acls}, already in Kafka's terms. */
  public record Rule(
      ResourceType resourceType,
      String resourceName,
      PatternType patternType,
      List<AclOperation> operations,
      String host,
      AclPermissionType permission) {}

  public KafkaUserManifest {
    acls = List.copyOf(acls);
  }

  /**
   * The principal Strimzi gives this user: {@code User:CN=<name>} for a tls user (its certificate's
   * subject is {@code CN=<name>}), {@code User:<name>} for a SCRAM user.
   */
  public String principal() {
    return "tls".equals(authentication) ? "User:CN=" + name : "User:" + name;
  }

  /** The rules as Kafka ACL bindings for {@link #principal()}. */
  public List<AclBinding> aclBindings() {
    return aclBindings(principal());
  }

  /**
   * The rules as Kafka ACL bindings for any principal, so a test can grant a SCRAM user exactly
   * what the manifest grants a tls user, or the reverse.
   */
  public List<AclBinding> aclBindings(String principal) {
    List<AclBinding> bindings = new ArrayList<>();
    for (Rule r : acls) {
      ResourcePattern pattern =
          new ResourcePattern(r.resourceType(), r.resourceName(), r.patternType());
      for (AclOperation op : r.operations()) {
        bindings.add(
            new AclBinding(
                pattern, new AccessControlEntry(principal, r.host(), op, r.permission())));
      }
    }
    return bindings;
  }
}
