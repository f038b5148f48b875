package io.sentinel.engine.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared NAB folder: {@code ../shared/nab} relative to the repository root. */
final class SharedNab {
  private SharedNab() {}

  static Optional<Path> folder() {
    Path root = repoRoot(Path.of("").toAbsolutePath());
    Path nab = root.resolve("../shared/nab").normalize();
    return Files.isDirectory(nab.resolve("reference")) ? Optional.of(nab) : Optional.empty();
  }

  /** The nearest ancestor holding .git, else the topmost ancestor holding a pom.xml. */
  static Path repoRoot(Path start) {
    Path topPom = start;
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
      if (Files.exists(p.resolve("pom.xml"))) {
        topPom = p;
      }
    }
    return topPom;
  }
}
