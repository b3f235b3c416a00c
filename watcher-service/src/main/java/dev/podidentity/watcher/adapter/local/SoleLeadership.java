package dev.podidentity.watcher.adapter.local;

import dev.podidentity.watcher.port.Leadership;

/** No election: this instance leads from the start ({@code watcher.lease.enabled=false}). */
public final class SoleLeadership implements Leadership {
  private Listener listener;

  @Override
  public synchronized void start(Listener listener) {
    this.listener = listener;
    listener.startLeading();
  }

  @Override
  public synchronized void stop() {
    if (listener != null) {
      listener.stopLeading();
      listener = null;
    }
  }
}
