package dev.podidentity.cli.engine;

import picocli.CommandLine.Option;

/** {@code --name} and {@code --namespace}, as every az aks pod-identity command takes them. */
public class Named {
  @Option(
      names = {"-n", "--name"},
      required = true,
      description = "Its name.")
  String name;

  @Option(names = "--namespace", required = true, description = "Its namespace.")
  String namespace;
}
