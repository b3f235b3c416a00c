package dev.podidentity.azuresim;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Points azure-identity's {@code ManagedIdentityCredential} at a simulated VM's IMDS inside one
 * JVM.
 *
 * <p>azure-identity 1.18 delegates managed identity to MSAL, which reads the IMDS address only from
 * the environment variable {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} (a base URL; it appends {@code
 * /metadata/identity/oauth2/token}). A process can set that variable to {@link
 * AzureSimulator#imdsEndpointFor(String)}; a test JVM cannot set environment variables, so this
 * installs MSAL's own (package-private) environment hook by reflection. It is JVM-wide: point it
 * before building each credential, and note that MSAL caches managed identity tokens JVM-wide per
 * client id.
 */
public final class MsalImdsRedirect {

  private MsalImdsRedirect() {}

  /** From now on MSAL's managed identity requests go to {@code imdsBaseUrl}. */
  public static void pointAt(String imdsBaseUrl) {
    install(imdsBaseUrl);
  }

  /** Back to the real environment. */
  public static void reset() {
    install(null);
  }

  private static void install(String imdsBaseUrl) {
    try {
      Class<?> app = Class.forName("com.microsoft.aad.msal4j.ManagedIdentityApplication");
      Class<?> env = Class.forName("com.microsoft.aad.msal4j.IEnvironmentVariables");
      Object hook =
          imdsBaseUrl == null
              ? null
              : Proxy.newProxyInstance(
                  env.getClassLoader(),
                  new Class<?>[] {env},
                  (proxy, method, args) -> {
                    if (!method.getName().equals("getEnvironmentVariable")) {
                      return method.getName().equals("hashCode") ? 0 : null;
                    }
                    return "AZURE_POD_IDENTITY_AUTHORITY_HOST".equals(args[0]) ? imdsBaseUrl : null;
                  });
      Method set = app.getDeclaredMethod("setEnvironmentVariables", env);
      set.setAccessible(true);
      set.invoke(null, hook);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("msal4j is not on the class path or has changed", e);
    }
  }
}
