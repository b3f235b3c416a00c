package dev.podidentity.local.kube;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.podidentity.azuresim.OidcIssuer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The TokenRequest subresource ({@code POST /api/v1/namespaces/{ns}/serviceaccounts/{sa}/token}),
 * as kube-apiserver answers it, over the mock store: validates the request, looks up the service
 * account and the bound object, and signs a token with the cluster's service-account issuer.
 *
 * <p>Checked in the API server's order, with its messages and Status shapes: the expiration (at
 * least 10 minutes, at most 2^32 s; 3600 when absent), the service account (404 if missing), the
 * bound object (a Pod or a Secret in that namespace, 404 if missing, 409 if its uid differs, 400 if
 * the pod runs as another service account or the kind cannot be bound). The mock store has no
 * service-account controller, so the {@code default} account of a namespace is created here when
 * first asked for, as that controller would have made it with the namespace.
 *
 * <p>Blocking (it reads the store through a client): the HTTP layer calls it off the event loop.
 */
final class TokenRequests {
  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 600;
  static final long MAX_EXPIRATION_SECONDS = 1L << 32;
  private static final String GROUP = "authentication.k8s.io";

  private final KubernetesClient store;
  private final OidcIssuer issuer;
  private final Clock clock;

  TokenRequests(KubernetesClient store, OidcIssuer issuer, Clock clock) {
    this.store = store;
    this.issuer = issuer;
    this.clock = clock;
  }

  /** What the API answers: an HTTP status and a JSON body (a TokenRequest or a Status). */
  record Answer(int status, String body) {}

  Answer create(String namespace, String serviceAccount, String body) {
    TokenRequest request;
    try {
      request = Serialization.unmarshal(body, TokenRequest.class);
    } catch (RuntimeException e) {
      return failure(400, "BadRequest", "the body of the request was in an unknown format", null);
    }
    if (request == null || request.getSpec() == null) {
      return failure(400, "BadRequest", "the body of the request is not a TokenRequest", null);
    }
    var spec = request.getSpec();
    long expiration =
        spec.getExpirationSeconds() == null
            ? DEFAULT_EXPIRATION_SECONDS
            : spec.getExpirationSeconds();
    if (expiration < MIN_EXPIRATION_SECONDS || expiration > MAX_EXPIRATION_SECONDS) {
      return invalidExpiration(expiration);
    }
    ServiceAccount account = serviceAccount(namespace, serviceAccount);
    if (account == null) {
      return notFound("serviceaccounts", serviceAccount);
    }
    Map<String, Object> kubernetes = new LinkedHashMap<>();
    kubernetes.put("namespace", namespace);
    BoundObjectReference ref = spec.getBoundObjectRef();
    if (ref != null) {
      Answer refused = bind(namespace, serviceAccount, ref, kubernetes);
      if (refused != null) {
        return refused;
      }
    }
    kubernetes.put("serviceaccount", ref(serviceAccount, account.getMetadata().getUid()));
    List<String> audiences =
        spec.getAudiences() == null || spec.getAudiences().isEmpty()
            ? List.of(issuer.issuer()) // kube-apiserver's --api-audiences default to the issuer
            : spec.getAudiences();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiry = now.plusSeconds(expiration);
    String token =
        issuer.sign(
            new JWTClaimsSet.Builder()
                .issuer(issuer.issuer())
                .subject(OidcIssuer.serviceAccountSubject(namespace, serviceAccount))
                .audience(audiences)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("kubernetes.io", kubernetes)
                .build());
    spec.setAudiences(audiences);
    spec.setExpirationSeconds(expiration);
    request.setStatus(new TokenRequestStatus(expiry.toString(), token));
    request.setApiVersion(GROUP + "/v1");
    request.setKind("TokenRequest");
    request.setMetadata(new ObjectMeta());
    request.getMetadata().setName(serviceAccount);
    request.getMetadata().setNamespace(namespace);
    return new Answer(201, Serialization.asJson(request));
  }

  /** Adds the bound object (and a pod's node) to the claim; a refusal if it cannot be bound. */
  private Answer bind(
      String namespace, String serviceAccount, BoundObjectReference ref, Map<String, Object> into) {
    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
    boolean core = apiVersion.isEmpty() || "v1".equals(apiVersion);
    String kind = ref.getKind();
    HasMetadata bound;
    if (core && "Pod".equals(kind)) {
      Pod pod = store.pods().inNamespace(namespace).withName(ref.getName()).get();
      if (pod == null) {
        return notFound("pods", ref.getName());
      }
      if (!serviceAccount.equals(serviceAccountOf(pod))) {
        return failure(
            400,
            "BadRequest",
            "cannot bind token for serviceaccount \""
                + serviceAccount
                + "\" to pod running with different serviceaccount name.",
            null);
      }
      bound = pod;
      into.put("pod", ref(pod.getMetadata().getName(), pod.getMetadata().getUid()));
      nodeOf(pod).ifPresent(node -> into.put("node", node));
    } else if (core && "Secret".equals(kind)) {
      bound = store.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (bound == null) {
        return notFound("secrets", ref.getName());
      }
      into.put("secret", ref(ref.getName(), bound.getMetadata().getUid()));
    } else {
      String gvk = (core ? "/v1" : apiVersion) + ", Kind=" + kind;
      return failure(400, "BadRequest", "cannot bind token to object of type " + gvk, null);
    }
    String uid = ref.getUid();
    if (uid != null && !uid.isEmpty() && !uid.equals(bound.getMetadata().getUid())) {
      return failure(
          409,
          "Conflict",
          "Operation cannot be fulfilled on "
              + kind
              + " \""
              + ref.getName()
              + "\": the UID in the bound object reference ("
              + uid
              + ") does not match the UID in record. The object might have been deleted and then"
              + " recreated",
          Map.of("name", ref.getName(), "kind", kind));
    }
    return null;
  }

  /** The pod's account as the admission plugin sets it: {@code default} when none is named. */
  static String serviceAccountOf(Pod pod) {
    if (pod.getSpec() == null) {
      return "default";
    }
    String name = pod.getSpec().getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = pod.getSpec().getServiceAccount(); // the deprecated alias
    }
    return name == null || name.isEmpty() ? "default" : name;
  }

  /** The pod's node by name, with its uid when the store holds it (newer API servers do so). */
  private Optional<Map<String, String>> nodeOf(Pod pod) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      return Optional.empty();
    }
    Node node = store.nodes().withName(nodeName).get();
    return Optional.of(ref(nodeName, node == null ? null : node.getMetadata().getUid()));
  }

  /** The account, or null; {@code default} is made on first use (see the class comment). */
  private ServiceAccount serviceAccount(String namespace, String name) {
    ServiceAccount account = store.serviceAccounts().inNamespace(namespace).withName(name).get();
    if (account != null || !"default".equals(name)) {
      return account;
    }
    try {
      return store
          .serviceAccounts()
          .inNamespace(namespace)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException raced) {
      // Two first requests at once: the other one made it.
      return store.serviceAccounts().inNamespace(namespace).withName(name).get();
    }
  }

  private static Map<String, String> ref(String name, String uid) {
    Map<String, String> ref = new LinkedHashMap<>();
    ref.put("name", name);
    if (uid != null) {
      ref.put("uid", uid);
    }
    return ref;
  }

  private static Answer notFound(String resource, String name) {
    return failure(
        404,
        "NotFound",
        resource + " \"" + name + "\" not found",
        Map.of("name", name, "kind", resource));
  }

  private static Answer invalidExpiration(long seconds) {
    String why =
        seconds < MIN_EXPIRATION_SECONDS
            ? "may not specify a duration less than 10 minutes"
            : "may not specify a duration larger than 2^32 seconds";
    String cause = "Invalid value: " + seconds + ": " + why;
    var status =
        new StatusBuilder()
            .withApiVersion("v1")
            .withKind("Status")
            .withStatus("Failure")
            .withMessage(
                "TokenRequest." + GROUP + " \"\" is invalid: spec.expirationSeconds: " + cause)
            .withReason("Invalid")
            .withCode(422)
            .withNewDetails()
            .withGroup(GROUP)
            .withKind("TokenRequest")
            .withCauses(
                new StatusCauseBuilder()
                    .withReason("FieldValueInvalid")
                    .withMessage(cause)
                    .withField("spec.expirationSeconds")
                    .build())
            .endDetails()
            .build();
    return new Answer(422, Serialization.asJson(status));
  }

  /** A Kubernetes Status of kind Failure; {@code details} names the object (name, kind), if any. */
  static Answer failure(int code, String reason, String message, Map<String, String> details) {
    var status =
        new StatusBuilder()
            .withApiVersion("v1")
            .withKind("Status")
            .withStatus("Failure")
            .withMessage(message)
            .withReason(reason)
            .withCode(code);
    if (details != null) {
      status
          .withNewDetails()
          .withName(details.get("name"))
          .withKind(details.get("kind"))
          .endDetails();
    }
    return new Answer(code, Serialization.asJson(status.build()));
  }
}
