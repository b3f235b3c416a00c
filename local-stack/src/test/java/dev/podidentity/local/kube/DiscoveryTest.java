package dev.podidentity.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What kubectl reads first, from the project's own CRDs (runs without kubectl). */
class DiscoveryTest {
  private static final Discovery DISCOVERY =
      new Discovery(MockApiServer.crds(RepoRoot.find().orElseThrow().resolve("k8s/crds")));

  @Test
  void listsEveryAadKindInItsGroupAndTheGroupInTheGroupList() {
    assertThat(DISCOVERY.document("/apis/aadpodidentity.k8s.io/v1").orElseThrow())
        .contains("\"name\":\"azureidentities\"", "\"kind\":\"AzureIdentity\"")
        .contains("\"name\":\"azureidentitybindings\"")
        .contains("\"name\":\"azurepodidentityexceptions\"")
        .contains("\"name\":\"azureassignedidentities\"");
    assertThat(DISCOVERY.document("/apis").orElseThrow()).contains("aadpodidentity.k8s.io/v1");
    assertThat(DISCOVERY.document("/api/").orElseThrow()).contains("\"versions\":[\"v1\"]");
    assertThat(DISCOVERY.document("/api/v1/pods")).isEmpty();
  }

  @ParameterizedTest(name = "{0}: served = {1}")
  @CsvSource({
    "/api/v1/namespaces/default/pods/demo/status, true",
    "/api/v1/nodes/node-0/status, true",
    "/api/v1/namespaces/default/pods/demo, true",
    // The aad CRDs keep status in the object, as aad-pod-identity's did: no subresource.
    "/apis/aadpodidentity.k8s.io/v1/namespaces/default/azureassignedidentities/x/status, false",
    "/apis/aadpodidentity.k8s.io/v1/namespaces/default/azureassignedidentities/x, true",
    "/apis/aadpodidentity.k8s.io/v1/namespaces/default/azureassignedidentities, true",
  })
  void servesAStatusSubresourceOnlyWhereDiscoveryListsIt(String path, boolean served) {
    assertThat(DISCOVERY.servesSubresourceOf(path)).isEqualTo(served);
  }

  @ParameterizedTest(name = "{0} since {1}: dropped = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}} | 7 | true",
        "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"8\"}}} | 7 | false",
        "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}} | 7 | false",
        "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}} | 0 | false",
        "not json | 7 | false",
      })
  void aWatchFromAVersionDropsOnlyTheStoresReplayOfUnchangedObjects(
      String event, long since, boolean dropped) {
    assertThat(ApiFront.replayedUnchanged(event, since)).isEqualTo(dropped);
  }

  /**
   * After a restart at store version 10, older watches list again; fresh ones and new ones go on.
   */
  @ParameterizedTest(name = "watch from {0}, restarted at {1}: expired = {2}")
  @CsvSource({
    "5, 10, true",
    "9, 10, true",
    "10, 10, false",
    "12, 10, false",
    "0, 10, false",
    "5, 0, false"
  })
  void aWatchFromBeforeARestartHasExpired(long resourceVersion, long restartedAt, boolean expired) {
    assertThat(WatchExpiry.expired(resourceVersion, restartedAt)).isEqualTo(expired);
  }
}
