package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.kafka.EventSerializer;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property: for any valid event, parse(serialise(e)) == e, through the Kafka serializer too. */
class SerialiseParsePropertyTest {

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void serialiseThenParseIsTheIdentity(long seed) {
    RandomEvents random = new RandomEvents(seed);
    for (int i = 0; i < 20; i++) {
      Event event = random.any();

      byte[] bytes = new EventSerializer().serialize("any", event);
      Event parsed = EventJson.parse(bytes, readAs(event));

      assertThat(parsed).as("seed %d: %s", seed, event).isEqualTo(event);
    }
  }

  private static Class<? extends Event> readAs(Event event) {
    return event instanceof ConfigRecord ? ConfigRecord.class : event.getClass();
  }
}
