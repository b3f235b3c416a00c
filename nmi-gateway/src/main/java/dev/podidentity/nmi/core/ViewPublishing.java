package dev.podidentity.nmi.core;

/**
 * When the view feed publishes a new snapshot of its state after a batch of records.
 *
 * <p>While a replay is under way no request is decided on the view (a view not replayed is stale,
 * {@code Authorizer.staleness}), so its snapshots serve nobody, and each one rebuilt the maps of
 * every identity and binding of the cluster whenever the batch held a config record: at AKS's
 * limits most of the replay's batches do. The feed therefore publishes once the replay is done, and
 * while it is not only the first batch after a replayed view was published (a move to another
 * partition starts a new replay: requests must stop being decided on the old partition's pods at
 * once, not at the new replay's end).
 */
public final class ViewPublishing {
  private ViewPublishing() {}

  /**
   * @param replayed whether the feed's state has been read to the end offsets it aims at
   * @param publishedReplayed whether the view published now is a replayed one
   */
  public static boolean publishes(boolean replayed, boolean publishedReplayed) {
    return replayed || publishedReplayed;
  }
}
