package dev.podidentity.local.chaos;

import dev.podidentity.events.EventJson;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The assigner's ledger, read from the ledger topic to its end. */
final class LedgerReader {
  private LedgerReader() {}

  /**
   * The identities (lowercased) the newest ledger record of each target owns, by the target's ARM
   * id (lowercased): one read of the topic for every scale set.
   */
  static Map<String, Set<String>> ownedByTarget(String bootstrap) {
    Map<String, byte[]> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.LEDGER, Duration.ofSeconds(15))) {
      latest.put(r.key(), r.value());
    }
    Map<String, Set<String>> out = new HashMap<>();
    for (byte[] value : latest.values()) {
      if (value == null) {
        continue;
      }
      LedgerRecord ledger = EventJson.parse(value, LedgerRecord.class);
      out.put(
          ledger.target().armId().toLowerCase(Locale.ROOT),
          ledger.owned() == null
              ? Set.of()
              : Set.copyOf(ledger.owned().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()));
    }
    return out;
  }
}
