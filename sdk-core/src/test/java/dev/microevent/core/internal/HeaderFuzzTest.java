package dev.microevent.core.internal;

import dev.microevent.core.ServerTiming;
import dev.microevent.core.fuzz.Fuzz;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Response headers the client reads from planes: any bytes give a value or none, never an
 * exception (both parsers promise to be lenient: a plane's odd header must not fail the call).
 */
class HeaderFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T17:00:00Z"), ZoneOffset.UTC);

  @Test
  void retryAfter() {
    Fuzz.Report report = Fuzz.parser("Retry-After", in -> {
      Duration d = RetryAfter.parse(Fuzz.latin1(in), CLOCK);
      if (d != null && d.isNegative()) {
        throw new AssertionError("negative wait " + d);
      }
    }).seeds(" 120 ", "0", "99999999", "2147483648", "Mon, 01 Jun 2026 17:00:30 GMT", "Mon, 01 Jun 2026 16:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT", "-5", "soon")
        .dictionary("GMT", "Mon, ", "Jun", "Feb 29", " 2026 ", "23:59:60", "+0000", "UTC")
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void serverTiming() {
    Fuzz.Report report = Fuzz.parser("Server-Timing", in -> {
      ServerTimingParser.Parsed p = ServerTimingParser.parse(List.of(Fuzz.latin1(in).split("\n", -1)));
      for (ServerTiming t : p.metrics()) {
        if (t.name().isEmpty() || (t.hasDuration() && !Double.isFinite(t.durationMillis()))) {
          throw new AssertionError("a metric the meters cannot take: " + t);
        }
      }
    }).seeds("cache;desc=\"Cache Read\";dur=23.2", "db;dur=53, app;dur=47.2\nedge;dur=1.5;desc=fra1", "miss",
            "db;dur=1;dur=2;region=eu;desc=a;desc=b", "db;desc=\"a \\\"b\\\", c; d\";dur=5, app;dur=1",
            "  db ; dur = 53 ;desc= \"x\" ,app", "db cache;dur=5, app;dur=7", " , ,db;dur=1,,")
        .dictionary(";", "dur=", "desc=", "\"", "\\\"", ",", "1e400", "NaN", "-Infinity", "0x1p3")
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }
}
