package dev.podidentity.assigner.adapter.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.management.exception.ManagementException;
import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.events.IdentityIds;
import dev.podidentity.events.flow.RetryAfter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Maps ARM's answers to the assigner's error kinds. Identity errors name the refused identities in
 * their message; exactly those are quarantined so the rest can be applied at once.
 */
final class ArmErrors {
  private static final Set<String> IDENTITY_CODES =
      Set.of("failedidentityoperation", "linkedauthorizationfailed", "identitynotfound");

  private ArmErrors() {}

  static CloudException classify(Throwable error, Delta delta) {
    if (!(error instanceof ManagementException e) || e.getResponse() == null) {
      return new CloudException(
          CloudFailure.TRANSIENT, "ARM call failed: " + error.getMessage(), null, null, error);
    }
    int status = e.getResponse().getStatusCode();
    String code = e.getValue() == null ? "" : String.valueOf(e.getValue().getCode());
    String message = e.getValue() == null ? e.getMessage() : e.getValue().getMessage();
    String summary = status + " " + code + ": " + message;
    if (status == 429) {
      return new CloudException(
          CloudFailure.THROTTLED, summary, retryAfter(e.getResponse().getHeaders()), null, e);
    }
    if (IDENTITY_CODES.contains(code.toLowerCase(Locale.ROOT))
        || (status == 404 && message != null && IdentityIds.in(message).find())) {
      return new CloudException(
          CloudFailure.IDENTITY_REJECTED, summary, null, rejected(code, message, delta), e);
    }
    // 412: the target changed again between our read and our conditional PATCH; back off as for
    // a conflict, and the next run reads it afresh.
    if (status == 409 || status == 412) {
      return new CloudException(CloudFailure.CONFLICT, summary, null, null, e);
    }
    if (status == 404) {
      return new CloudException(CloudFailure.TARGET_NOT_FOUND, summary, null, null, e);
    }
    return new CloudException(CloudFailure.TRANSIENT, summary, null, null, e);
  }

  /** The identities the message names (that we tried to add); all added ones if it names none. */
  static Map<String, String> rejected(String code, String message, Delta delta) {
    Map<String, String> out = new LinkedHashMap<>();
    String reason = code + ": " + message;
    if (message != null) {
      Matcher m = IdentityIds.in(message);
      while (m.find()) {
        String id = m.group().toLowerCase(Locale.ROOT);
        if (delta.add().contains(id)) {
          out.put(id, reason);
        }
      }
    }
    if (out.isEmpty()) {
      delta.add().forEach(id -> out.put(id, reason));
    }
    return out;
  }

  static Duration retryAfter(HttpHeaders headers) {
    return RetryAfter.parse(
        headers.getValue("retry-after-ms"),
        headers.getValue("Retry-After"),
        System.currentTimeMillis());
  }
}
