package dev.microevent.commerce.tickets.internal;

import java.time.Instant;

/** Instants as microseconds since the epoch, as the SQLite file and Redis keep them; saturating, never throwing. */
final class Micros {
  private Micros() {}

  static long of(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    } catch (ArithmeticException overflow) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
