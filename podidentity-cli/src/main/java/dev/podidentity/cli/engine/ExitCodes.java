package dev.podidentity.cli.engine;

/** The command's exit codes, as its {@code --help} lists them. */
public final class ExitCodes {
  public static final int OK = 0;

  /** The cluster (or Kafka) refused or did not answer. */
  public static final int FAILURE = 1;

  /** A flag is missing or malformed (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** What the command names does not exist. */
  public static final int NOT_FOUND = 3;

  static final String HELP =
      "%nExit codes:%n  0  done%n  1  the cluster refused or did not answer%n"
          + "  2  a flag is missing or malformed%n  3  not found%n";

  private ExitCodes() {}
}
