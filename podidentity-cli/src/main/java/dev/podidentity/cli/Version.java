package dev.podidentity.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version. */
public class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"podidentity " + (v == null ? "0.1.0-SNAPSHOT" : v)};
  }
}
