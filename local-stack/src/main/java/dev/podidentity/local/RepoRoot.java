package dev.podidentity.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository whose built services the stack runs. */
public final class RepoRoot {
  private RepoRoot() {}

  /**
   * {@code -Dpodidentity.home}, then {@code PODIDENTITY_HOME}, then the first directory upwards of
   * the working directory that holds the service modules.
   */
  public static Optional<Path> find() {
    String configured = System.getProperty("podidentity.home", System.getenv("PODIDENTITY_HOME"));
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("watcher-service/pom.xml"))
          && Files.isRegularFile(dir.resolve("assigner-service/pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** The Quarkus runner of a service module. */
  public static Path quarkusRunner(Path root, String module) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }
}
