package dev.podidentity.events;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a node's {@code providerID} into its compute target. Azure writes the resource group and
 * provider segments in varying case (aad-pod-identity #1067), so matching is case-insensitive.
 */
public final class ProviderIds {
  private static final String PREFIX =
      "azure:///subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/microsoft\\.compute/";
  private static final Pattern SCALE_SET =
      Pattern.compile(PREFIX + "virtualmachinescalesets/([^/]+)/virtualmachines/([^/]+)/?");
  private static final Pattern VIRTUAL_MACHINE =
      Pattern.compile(PREFIX + "virtualmachines/([^/]+)/?");

  private ProviderIds() {}

  public static ProviderIdParse parse(String providerId) {
    if (providerId == null || providerId.isBlank()) {
      return new ProviderIdParse.Unparseable(providerId, "node has no providerID");
    }
    String lower = providerId.trim().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("azure://")) {
      return new ProviderIdParse.Unparseable(
          providerId, "providerID is not an Azure id (expected the azure:// scheme)");
    }
    Matcher m = SCALE_SET.matcher(lower);
    if (m.matches()) {
      return new ProviderIdParse.Parsed(
          ComputeTarget.scaleSet(m.group(1), m.group(2), m.group(3)), m.group(4));
    }
    m = VIRTUAL_MACHINE.matcher(lower);
    if (m.matches()) {
      return new ProviderIdParse.Parsed(
          ComputeTarget.virtualMachine(m.group(1), m.group(2), m.group(3)), m.group(3));
    }
    return new ProviderIdParse.Unparseable(
        providerId,
        "providerID is neither a scale-set instance"
            + " (.../virtualMachineScaleSets/<name>/virtualMachines/<id>)"
            + " nor a standalone VM (.../virtualMachines/<name>)");
  }
}
