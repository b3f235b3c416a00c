package dev.podidentity.azuresim.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ARM's api-version gate: a request without one, with a malformed one, or with one the resource
 * provider does not have gets ARM's 400 before anything else happens.
 */
public final class ApiVersions {

  static final Set<String> COMPUTE =
      Set.of(
          "2018-06-01",
          "2018-10-01",
          "2019-03-01",
          "2019-07-01",
          "2019-12-01",
          "2020-06-01",
          "2020-12-01",
          "2021-03-01",
          "2021-04-01",
          "2021-07-01",
          "2021-11-01",
          "2022-03-01",
          "2022-08-01",
          "2022-11-01",
          "2023-03-01",
          "2023-07-01",
          "2023-09-01",
          "2024-03-01",
          "2024-07-01",
          "2024-11-01",
          "2025-04-01");
  static final Set<String> MSI =
      Set.of(
          "2015-08-31-preview",
          "2018-11-30",
          "2021-09-30-preview",
          "2022-01-31-preview",
          "2023-01-31",
          "2023-07-31-preview",
          "2024-11-30",
          "2025-01-31-preview");

  /** Federated identity credentials arrived with 2022-01-31-preview. */
  static final Set<String> FEDERATED_CREDENTIALS =
      Set.of(
          "2022-01-31-preview",
          "2023-01-31",
          "2023-07-31-preview",
          "2024-11-30",
          "2025-01-31-preview");

  static final Set<String> AUTHORIZATION =
      Set.of("2015-07-01", "2018-01-01-preview", "2020-04-01-preview", "2022-04-01");
  static final Set<String> IMDS =
      Set.of(
          "2017-03-01",
          "2017-04-02",
          "2017-08-01",
          "2017-10-01",
          "2017-12-01",
          "2018-02-01",
          "2018-04-02",
          "2018-10-01",
          "2019-02-01",
          "2019-03-11",
          "2019-04-30",
          "2019-06-01",
          "2019-06-04",
          "2019-08-01",
          "2019-08-15",
          "2019-11-01",
          "2020-06-01",
          "2020-07-15",
          "2020-09-01",
          "2020-10-01",
          "2020-12-01",
          "2021-01-01",
          "2021-02-01",
          "2021-03-01",
          "2021-05-01",
          "2021-08-01",
          "2021-10-01",
          "2021-11-01",
          "2021-11-15",
          "2021-12-13",
          "2023-07-01",
          "2023-11-15",
          "2024-03-15",
          "2025-04-07");

  private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  private ApiVersions() {}

  /** Checks the api-version; answers and returns false if it is not acceptable. */
  public static boolean check(RoutingContext ctx, Set<String> known, String resourceType) {
    String v = ctx.request().getParam("api-version");
    if (v == null || v.isBlank()) {
      ArmErrors.send(
          ctx,
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
      return false;
    }
    if (!SHAPE.matcher(v).matches()) {
      ArmErrors.send(
          ctx,
          400,
          "InvalidApiVersionParameter",
          "The api-version '"
              + v
              + "' is invalid. The supported versions are '"
              + String.join(",", known.stream().sorted().toList())
              + "'.");
      return false;
    }
    if (!known.contains(v)) {
      ArmErrors.send(
          ctx,
          400,
          "NoRegisteredProviderFound",
          "No registered resource provider found for location 'westeurope' and API version '"
              + v
              + "' for type '"
              + resourceType
              + "'. The supported api-versions are '"
              + String.join(", ", known.stream().sorted().toList())
              + "'.");
      return false;
    }
    return true;
  }
}
