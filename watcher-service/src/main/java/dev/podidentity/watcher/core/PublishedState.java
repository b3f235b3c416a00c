package dev.podidentity.watcher.core;

import dev.podidentity.events.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the topics hold, per topic and key, as far as this watcher knows: the last value it
 * published or read back, in {@link ChangeFilter#comparable} form. An empty Optional marks a key
 * whose value is unknown (unreadable in the topic, or a send that failed), so it is sent again.
 */
public final class PublishedState {
  private final Map<String, Map<String, Optional<Event>>> byTopic = new HashMap<>();

  /** Replaces what is known of {@code topic} with what was read from it. */
  public void load(String topic, Map<String, Optional<Event>> latest) {
    Map<String, Optional<Event>> values = new HashMap<>(latest.size() * 2);
    latest.forEach((k, v) -> values.put(k, v.map(ChangeFilter::comparable)));
    byTopic.put(topic, values);
  }

  public void clear() {
    byTopic.clear();
  }

  /** Whether the topic already holds {@code value} (ignoring resourceVersion) under {@code key}. */
  boolean holds(String topic, String key, Event value) {
    Optional<Event> current = topic(topic).get(key);
    return current != null && current.isPresent() && ChangeFilter.same(current.get(), value);
  }

  boolean contains(String topic, String key) {
    return topic(topic).containsKey(key);
  }

  void put(String topic, String key, Event value) {
    if (value == null) {
      topic(topic).remove(key);
    } else {
      topic(topic).put(key, Optional.of(ChangeFilter.comparable(value)));
    }
  }

  /** Marks a key as unknown, e.g. because its send failed: the next decision sends it again. */
  public void forget(String topic, String key) {
    topic(topic).put(key, Optional.empty());
  }

  Set<String> keys(String topic) {
    return topic(topic).keySet();
  }

  public int size(String topic) {
    return topic(topic).size();
  }

  private Map<String, Optional<Event>> topic(String topic) {
    return byTopic.computeIfAbsent(topic, t -> new HashMap<>());
  }
}
