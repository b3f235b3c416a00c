package dev.podidentity.nmi.engine.view;

import dev.podidentity.events.authorization.View;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current {@link View}, swapped atomically by the feed and read lock-free by requests. Waiting
 * requests subscribe and re-decide when the content changes: waits end on the event, never on a
 * poll.
 */
public final class ViewHolder {
  private volatile View current;
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  public ViewHolder(String nodeName) {
    this.current = View.empty(nodeName);
  }

  public View current() {
    return current;
  }

  /** Installs {@code next}; listeners run when its content (not just its freshness) changed. */
  public void publish(View next) {
    View before = current;
    current = next;
    if (next.version() != before.version() || next.replayed() != before.replayed()) {
      for (Runnable listener : listeners) {
        listener.run();
      }
    }
  }

  /** Runs {@code listener} (on the feed's thread: it must only hand over) after each change. */
  public AutoCloseable subscribe(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public int subscribers() {
    return listeners.size();
  }
}
