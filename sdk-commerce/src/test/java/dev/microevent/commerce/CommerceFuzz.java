package dev.microevent.commerce;

import dev.microevent.core.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.function.LongUnaryOperator;

/** What the commerce fuzz runs share beyond the harness: a warm-up, and a bound with its reason. */
public final class CommerceFuzz {
  private CommerceFuzz() {}

  /**
   * For parsers that read JSON with sdk-core's mapper: 8 MiB plus 256 bytes per input byte.
   * Jackson canonicalizes field names in a symbol table shared by every parse of the mapper; once
   * earlier documents have filled it with names, a small document bringing a new name copies and
   * grows its share of the table, about 5 MiB at most in the 1M-input runs whatever the
   * document's own size (bounded by Jackson's table cap, so still a bound).
   */
  public static final LongUnaryOperator JSON = length -> 8L * 1024 * 1024 + 256 * length;

  /**
   * Runs a target once on each seed, before a run measures it: the classes, caches and compiled
   * code a first call sets up (20 MB for the first JSON document in a fresh JVM) are not that
   * input's allocation, and the run must not depend on which test the JVM ran first.
   *
   * @param target the parser under test
   * @param seeds its seeds
   */
  public static void warmUp(Fuzz.Target target, String... seeds) {
    for (String seed : seeds) {
      try {
        target.accept(seed.getBytes(StandardCharsets.UTF_8));
      } catch (Exception ignored) {
        // the run itself judges what a seed throws
      }
    }
  }
}
