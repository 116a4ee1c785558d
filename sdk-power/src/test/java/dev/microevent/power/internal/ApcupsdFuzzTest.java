package dev.microevent.power.internal;

import dev.microevent.core.SdkException;
import dev.microevent.core.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * apcupsd NIS status answers (framing, records, mapping to a reading), fuzzed: typed errors only,
 * no hang, bounded memory. {@code -Dfuzz.inputs=1000000} for the long run.
 */
class ApcupsdFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** Frames records the NIS way: a 2-byte length before each, an empty one at the end. */
  static byte[] nis(String... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String r : records) {
      byte[] b = (r + "\n").getBytes(StandardCharsets.US_ASCII);
      out.write(b.length >> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    out.write(0);
    out.write(0);
    return out.toByteArray();
  }

  @Test
  void statusAnswers_throughReadStatusAndTheReadingMapping() throws Exception {
    Fuzz.Target target = in -> ApcupsdNisSource.toReading("ups",
        ApcupsdNisSource.readStatus(new ByteArrayInputStream(in), "fuzz"), NOW);
    target.accept(nis("STATUS   : ONLINE")); // loads the classes: no input's allocation
    System.out.println(Fuzz.parser("apcupsd NIS status", target)
        .seeds(List.of(
            nis("APC      : 001,019,0456", "STATUS   : ONBATT ", "BCHARGE  : 55.0 Percent", "TIMELEFT : 12.5 Minutes",
                "LOADPCT  : 30.0 Percent", "NOMPOWER : 900 Watts", "BATTV    : 25.9 Volts"),
            nis("STATUS   : ONLINE", "BCHARGE  : 100.0 Percent", "TIMELEFT : 999999999999999 Minutes"),
            nis("STATUS   : ONBATT LOWBATT NOBATT", "BCHARGE  : 9.0 Percent"),
            nis("APC      : 001,019,0456", "STATUS   : COMMLOST", "MBATTCHG : 5 Percent", "MAXTIME  : 0 Seconds")))
        .dictionary("STATUS", "ONLINE", "ONBATT", "LOWBATT", "COMMLOST", "NOBATT", "SHUTTING DOWN", "TIMELEFT",
            "BCHARGE", "LOADPCT", "NOMPOWER", "BATTV", " : ", " Minutes", " Percent", "\0\0", "\u00ff\u00ff")
        .typed(SdkException.class)
        .run());
  }
}
