package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodAddressesTest {

  @Test
  void neverHandsOutTheNodeAddress() {
    assertThat(new PodAddresses().next()).isEqualTo("127.0.0.2");
  }

  @ParameterizedTest(name = "after {0} comes {1}")
  @CsvSource({
    "127.0.0.253, 127.0.0.254",
    "127.0.0.254, 127.0.1.1",
    "127.0.255.254, 127.1.0.1",
  })
  void skipsNetworkAndBroadcastLookingAddresses(String start, String expectedSecond) {
    PodAddresses addresses = new PodAddresses(start);
    assertThat(addresses.next()).isEqualTo(start);
    assertThat(addresses.next()).isEqualTo(expectedSecond);
  }

  @Test
  void reusesTheLastReleasedAddressFirst() {
    PodAddresses addresses = new PodAddresses();
    String a = addresses.next();
    String b = addresses.next();
    addresses.release(a);
    addresses.release(b);
    assertThat(List.of(addresses.next(), addresses.next(), addresses.next()))
        .containsExactly(b, a, "127.0.0.4");
  }

  @Test
  void handsOutDistinctAddresses() {
    PodAddresses addresses = new PodAddresses();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(addresses.next());
    }
    assertThat(seen).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith("127."));
  }

  @Test
  void runsOutWithAClearError() {
    PodAddresses addresses = new PodAddresses("127.255.255.254");
    addresses.next();
    assertThatThrownBy(addresses::next).hasMessageContaining("no loopback pod addresses left");
  }

  @ParameterizedTest(name = "refuses {0}")
  @ValueSource(strings = {"10.0.0.1", "127.0.0.1", "127.0.0", "127.0.0.x", "127.0.0.300", ""})
  void refusesAddressesOutsideThePodRange(String address) {
    assertThatThrownBy(() -> new PodAddresses(address))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
