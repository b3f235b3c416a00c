package dev.podidentity.cli.core;

/**
 * A pod named on the command line, as kubectl takes it: {@code NS/NAME}, or {@code NAME} with
 * {@code -n NS}, or {@code NAME} alone in the kubeconfig context's namespace.
 */
public record PodRef(String namespace, String name) {
  /**
   * Parses {@code argument}; {@code namespaceOption} is {@code -n}'s value (null when absent) and
   * {@code contextNamespace} the namespace used when neither names one.
   *
   * @throws IllegalArgumentException when the two name different namespaces or a part is empty
   */
  public static PodRef parse(String namespaceOption, String argument, String contextNamespace) {
    String namespace = namespaceOption;
    String name = argument == null ? "" : argument.trim();
    int slash = name.indexOf('/');
    if (slash >= 0) {
      String fromArgument = name.substring(0, slash);
      if (namespace != null && !namespace.equals(fromArgument)) {
        throw new IllegalArgumentException(
            "pod " + name + " is in namespace " + fromArgument + ", not " + namespace + " (-n)");
      }
      namespace = fromArgument;
      name = name.substring(slash + 1);
    }
    if (namespace == null) {
      namespace = contextNamespace == null ? "default" : contextNamespace;
    }
    if (namespace.isEmpty() || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "expected a pod as NS/NAME, or NAME with -n NS, got '" + argument + "'");
    }
    return new PodRef(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
