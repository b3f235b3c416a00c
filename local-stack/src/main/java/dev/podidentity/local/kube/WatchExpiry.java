package dev.podidentity.local.kube;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * What a restarted kube-apiserver's watch cache holds: versions from its restart on. A watch
 * resumed from an older resourceVersion is answered with one 410 Expired event ("too old resource
 * version"), and the client lists again; the front's store replays only the objects that exist, so
 * without this a client resuming after a restart would never see what was deleted meanwhile.
 */
final class WatchExpiry {
  private static final String GONE =
      "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"status\":\"Failure\",\"message\":\"too old resource version\","
          + "\"reason\":\"Expired\",\"code\":410}}";

  private volatile long expiredBelow;

  /** The front listens again; the store's version is now {@code storeVersion}. */
  void restartedAt(long storeVersion) {
    expiredBelow = storeVersion;
  }

  /** True for a watch from {@code resourceVersion} that the last restart expired. */
  boolean expired(long resourceVersion) {
    return expired(resourceVersion, expiredBelow);
  }

  /** 0 (no version: the watch starts now) never expires; nor does anything before a restart. */
  static boolean expired(long resourceVersion, long expiredBelow) {
    return resourceVersion > 0 && resourceVersion < expiredBelow;
  }

  /** The 410 event, on a WebSocket watch or as the one line of an HTTP watch. */
  static void gone(HttpServerRequest req, boolean upgrade) {
    if (upgrade) {
      req.toWebSocket().onSuccess(ws -> ws.writeTextMessage(GONE).onComplete(v -> ws.close()));
    } else {
      req.response()
          .setStatusCode(200)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(GONE + "\n");
    }
  }
}
