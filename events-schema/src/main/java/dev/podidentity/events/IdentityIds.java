package dev.podidentity.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User-assigned identity resource ids: the one pattern with which the watcher validates an
 * AzureIdentity's {@code resourceID} and the assigner finds the identities ARM names in its error
 * messages. Azure writes the provider segments in varying case, so matching ignores case. A segment
 * ends at a slash, whitespace, a quote or list punctuation, which no Azure resource name contains
 * and which delimit ids inside ARM's message text.
 */
public final class IdentityIds {
  private static final String SEGMENT = "[^/\\s'\",;]+";
  private static final Pattern USER_ASSIGNED =
      Pattern.compile(
          "/subscriptions/"
              + SEGMENT
              + "/resourcegroups/"
              + SEGMENT
              + "/providers/microsoft\\.managedidentity/userassignedidentities/"
              + SEGMENT,
          Pattern.CASE_INSENSITIVE);

  private IdentityIds() {}

  /** Whether {@code id}, surrounding whitespace aside, is a user-assigned identity's id. */
  public static boolean isUserAssigned(String id) {
    return id != null && USER_ASSIGNED.matcher(id.trim()).matches();
  }

  /** A matcher over {@code text} whose {@code find()} walks the identity ids it mentions. */
  public static Matcher in(CharSequence text) {
    return USER_ASSIGNED.matcher(text);
  }
}
