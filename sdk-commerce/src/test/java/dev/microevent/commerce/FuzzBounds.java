package dev.microevent.commerce;

import java.util.function.LongUnaryOperator;

/** Bounds of the commerce fuzz runs that differ from the harness's defaults, with the reason. */
public final class FuzzBounds {
  private FuzzBounds() {}

  /**
   * For parsers that read JSON with sdk-core's mapper: 8 MiB plus 256 bytes per input byte.
   * Jackson canonicalizes field names in a symbol table shared by every parse of the mapper; once
   * earlier documents have filled it with names, a small document bringing a new name copies and
   * grows its share of the table, about 5 MiB at most in the 1M-input runs whatever the
   * document's own size (bounded by Jackson's table cap, so still a bound).
   */
  public static final LongUnaryOperator JSON = length -> 8L * 1024 * 1024 + 256 * length;
}
