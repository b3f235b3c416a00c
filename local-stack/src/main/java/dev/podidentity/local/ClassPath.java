package dev.podidentity.local;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** This JVM's class path with absolute entries, so child JVMs can run its classes from anywhere. */
public final class ClassPath {
  private ClassPath() {}

  public static String absolute() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(s -> Path.of(s).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
