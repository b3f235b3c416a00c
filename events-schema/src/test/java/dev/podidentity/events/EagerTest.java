package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EagerTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true | true",
        "TRUE | true",
        "' false ' | false",
        "pool1 | pool1",
        "'Pool2, pool1,pool2' | pool1,pool2",
        "system-pool | system-pool"
      })
  void annotationValuesAreNormalised(String annotation, String normalised) {
    assertThat(Eager.normalise(annotation)).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yes please", "pool1,", ",pool1", "pool 1", "-pool", "pool1;pool2"})
  void aValueThatIsNoPoolListIsRefusedWithTheAnnotationNamed(String annotation) {
    assertThatThrownBy(() -> Eager.normalise(annotation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Eager.ANNOTATION)
        .hasMessageContaining("'" + annotation + "'");
  }

  @ParameterizedTest(name = "eager={0} default={1} pools={2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "     | false | pool1 | false",
        "     | true  | pool1 | true",
        "     | true  |       | true",
        "true | false |       | true",
        "false| true  | pool1 | false",
        "pool1,pool2 | false | pool2 | true",
        "pool1,pool2 | true  | pool3 | false",
        "pool1       | true  |       | false"
      })
  void whetherABindingIsEagerOnAScaleSet(
      String eager, boolean byDefault, String pool, boolean applies) {
    Set<String> pools = pool == null ? Set.of() : Set.of(pool);
    assertThat(Eager.applies(eager, byDefault, pools)).isEqualTo(applies);
  }

  @org.junit.jupiter.api.Test
  void theBindingRecordCarriesTheNormalisedValue() {
    BindingRecord b =
        new BindingRecord(1, "ns", "b", "id", "sel", true, null, " Pool2,pool1 ", "1");
    assertThat(b.eager()).isEqualTo("pool1,pool2");
  }
}
