package dev.microevent.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests in this folder show downstream teams how to use the SDK and its testkit, so they may
 * use the public API only: no import (static or not) and no fully qualified use of an {@code
 * internal} package. If one needs internals, the public API is missing something.
 */
class PublicApiOnlyTest {
  private static final Pattern INTERNAL = Pattern.compile("dev\\.microevent\\.[a-z.]*\\binternal\\b");

  @Test
  void downstreamStyleTestsUseNoInternalPackage() throws IOException {
    Path dir = Path.of("src", "test", "java", "dev", "microevent", "samples");
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }

    assertThat(sources).extracting(p -> p.getFileName().toString())
        .contains("CheckoutAgainstFakesIT.java", "PopUpRehearsalIT.java");
    for (Path source : sources) {
      assertThat(INTERNAL.matcher(Files.readString(source)).find()).as("%s uses an internal package", source)
          .isFalse();
    }
  }
}
