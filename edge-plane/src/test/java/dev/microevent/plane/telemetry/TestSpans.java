package dev.microevent.plane.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

/** Spans for tests, from a seeded random source. */
final class TestSpans {
  private final Random random;
  private final HexFormat hex = HexFormat.of();

  TestSpans(long seed) {
    this.random = new Random(seed);
  }

  Span next(String intent, String slice, String outcome, int status, Instant start, Duration took) {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    random.nextBytes(trace);
    random.nextBytes(span);
    trace[0] |= 1;
    span[0] |= 1;
    return new Span(hex.formatHex(trace), hex.formatHex(span), intent, slice, "edge-1", outcome, status,
        start.getEpochSecond() * 1_000_000_000L + start.getNano(), took.toNanos());
  }

  Span ok(String intent, Instant start, long millis) {
    return next(intent, "default", "success", 200, start, Duration.ofMillis(millis));
  }

  Random random() {
    return random;
  }
}
