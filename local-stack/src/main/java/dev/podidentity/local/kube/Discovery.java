package dev.podidentity.local.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The discovery documents kubectl reads before anything else ({@code /version}, {@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}): the core kinds the local stack
 * stores, the groups its clients use, and every version of the CRDs it was given, with their short
 * names, categories and status subresources as the CRDs declare them. The mock store behind the API
 * serves none of these (kubectl then answers "the server doesn't have a resource type").
 */
final class Discovery {
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final Map<String, String> documents = new LinkedHashMap<>();

  /** "group/version resource" of every resource and subresource served, e.g. "v1 pods/status". */
  private final Set<String> served = new HashSet<>();

  Discovery(List<CustomResourceDefinition> crds) {
    documents.put("/version", json(version()));
    documents.put(
        "/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
    documents.put("/api/v1", resourceList("v1", coreResources()));
    Map<String, List<APIResource>> byGroupVersion = new LinkedHashMap<>();
    byGroupVersion.put(
        "apiextensions.k8s.io/v1",
        List.of(
            resource(
                "customresourcedefinitions",
                "CustomResourceDefinition",
                false,
                List.of("crd", "crds"))));
    byGroupVersion.put(
        "coordination.k8s.io/v1", List.of(resource("leases", "Lease", true, List.of())));
    byGroupVersion.put(
        "events.k8s.io/v1", List.of(resource("events", "Event", true, List.of("ev"))));
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (Boolean.FALSE.equals(v.getServed())) {
          continue;
        }
        String gv = crd.getSpec().getGroup() + "/" + v.getName();
        byGroupVersion.computeIfAbsent(gv, k -> new ArrayList<>()).addAll(crdResources(crd, v));
      }
    }
    Map<String, List<GroupVersionForDiscovery>> versionsByGroup = new LinkedHashMap<>();
    byGroupVersion.forEach(
        (gv, resources) -> {
          documents.put("/apis/" + gv, resourceList(gv, resources));
          String group = gv.substring(0, gv.indexOf('/'));
          versionsByGroup
              .computeIfAbsent(group, g -> new ArrayList<>())
              .add(new GroupVersionForDiscovery(gv, gv.substring(group.length() + 1)));
        });
    List<APIGroup> groups = new ArrayList<>();
    versionsByGroup.forEach(
        (group, versions) ->
            groups.add(
                new APIGroupBuilder()
                    .withName(group)
                    .withVersions(versions)
                    .withPreferredVersion(versions.get(0))
                    .build()));
    documents.put(
        "/apis", Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build()));
  }

  /** The document served at this path, if discovery serves it. */
  Optional<String> document(String path) {
    String trimmed =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    return Optional.ofNullable(documents.get(trimmed));
  }

  private static List<APIResource> coreResources() {
    List<APIResource> r = new ArrayList<>();
    r.add(resource("pods", "Pod", true, List.of("po")));
    r.add(subresource("pods/status", "Pod", true));
    r.add(resource("nodes", "Node", false, List.of("no")));
    r.add(subresource("nodes/status", "Node", false));
    r.add(resource("namespaces", "Namespace", false, List.of("ns")));
    r.add(resource("events", "Event", true, List.of("ev")));
    r.add(resource("configmaps", "ConfigMap", true, List.of("cm")));
    r.add(resource("secrets", "Secret", true, List.of()));
    r.add(resource("serviceaccounts", "ServiceAccount", true, List.of("sa")));
    r.add(
        new APIResourceBuilder(subresource("serviceaccounts/token", "TokenRequest", true))
            .withGroup("authentication.k8s.io")
            .withVersion("v1")
            .withVerbs(List.of("create"))
            .build());
    r.add(resource("services", "Service", true, List.of("svc")));
    return r;
  }

  private static List<APIResource> crdResources(
      CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    var names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    List<APIResource> r = new ArrayList<>();
    r.add(
        new APIResourceBuilder(
                resource(
                    names.getPlural(),
                    names.getKind(),
                    namespaced,
                    Optional.ofNullable(names.getShortNames()).orElse(List.of())))
            .withSingularName(names.getSingular())
            .withCategories(names.getCategories())
            .build());
    // Only what the CRD declares: a real API server answers 404 on /status otherwise.
    if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
      r.add(subresource(names.getPlural() + "/status", names.getKind(), namespaced));
    }
    return r;
  }

  private static APIResource resource(
      String plural, String kind, boolean namespaced, List<String> shortNames) {
    return new APIResourceBuilder()
        .withName(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(ALL_VERBS)
        .withShortNames(shortNames.isEmpty() ? null : shortNames)
        .withSingularName("")
        .build();
  }

  private static APIResource subresource(String name, String kind, boolean namespaced) {
    return new APIResourceBuilder()
        .withName(name)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(SUBRESOURCE_VERBS)
        .withSingularName("")
        .build();
  }

  /**
   * False for a path to a status subresource that discovery does not list: a real API server
   * answers 404 there (the aad CRDs keep status in the object), and so does the local one.
   */
  boolean servesSubresourceOf(String path) {
    List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    if (s.size() < 2 || !"status".equals(s.get(s.size() - 1))) {
      return true;
    }
    int rest = "api".equals(s.get(0)) ? 2 : 3;
    if (s.size() < rest) {
      return true;
    }
    String gv = String.join("/", s.subList(1, rest));
    List<String> tail = s.subList(rest, s.size());
    String plural;
    if (tail.size() == 5 && "namespaces".equals(tail.get(0))) {
      plural = tail.get(2);
    } else if (tail.size() == 3) {
      plural = tail.get(0);
    } else {
      return true;
    }
    return served.contains(gv + " " + plural + "/status");
  }

  private String resourceList(String groupVersion, List<APIResource> resources) {
    resources.forEach(r -> served.add(groupVersion + " " + r.getName()));
    return Serialization.asJson(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  private static Map<String, String> version() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("major", "1");
    v.put("minor", "30");
    v.put("gitVersion", "v1.30.0-podidentity-local");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static String json(Object o) {
    return Serialization.asJson(o);
  }
}
