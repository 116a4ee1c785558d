package dev.microevent.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON traffic file reader on hostile bytes: only {@link TrafficFormatException}, no hang,
 * bounded allocation, and garbage never costs a good record: the exception names exactly the bad
 * lines, so removing them (as its message says) reads every good record.
 */
class TrafficFileFuzzTest {
  private static final String GOOD =
      "{\"offsetMs\":12.5,\"intent\":\"payment\",\"method\":\"POST\",\"path\":\"/v1/checkout\",\"bodyBytes\":312,"
          + "\"contentType\":\"application/json\",\"outcome\":\"success\",\"status\":200,\"plane\":\"venue-hub\","
          + "\"attempts\":1,\"durationMs\":23.4}";
  private static final String[] SEEDS = {
      GOOD + "\n",
      "{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/v1/catalog\",\"bodyBytes\":0}\n" + GOOD + "\n",
      "{\"offsetMs\":40,\"intent\":\"loyalty\",\"criticality\":\"NON_ESSENTIAL\",\"idempotence\":\"IDEMPOTENT\","
          + "\"method\":\"POST\",\"path\":\"/v1/points\"}\r\n\r\n",
      "{\"offsetMs\":1e3,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/\u00e9\",\"status\":0,\"attempts\":0}",
  };
  private static final String[] KEYWORDS = {
      "offsetMs", "intent", "method", "path", "bodyBytes", "contentType", "outcome", "status", "plane", "attempts",
      "durationMs", "criticality", "idempotence", "read", "payment", "success", "timeout", "ESSENTIAL",
      "NON_ESSENTIAL", "IDEMPOTENT", "NON_IDEMPOTENT", "\"\\u0000\"", "12.0", "2592000000", "\n\n", "\u00c3"};

  /**
   * What one input may allocate: each bad line costs one JSON parser exception (a stack trace, a
   * few KiB, garbage at once; only {@link TrafficFormatException#MAX_LISTED} problems are kept), so
   * a file of two-byte bad lines legitimately allocates a few KiB per byte.
   */
  private static long perLine(long length) {
    return 4L * 1024 * 1024 + 4 * 1024 * length;
  }

  /** Loads the JSON, decoding and model classes, so the first input does not pay for them. */
  @BeforeAll
  static void warmUp() {
    garbageThenGood("{\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readingAFile_throwsOnlyTrafficFormatExceptions() {
    Fuzz.Report report = Fuzz.parser("TrafficFile.read", in -> TrafficFile.read(new ByteArrayInputStream(in), "fuzz"))
        .seeds(SEEDS).dictionary(KEYWORDS).typed(TrafficFormatException.class).maxAllocation(TrafficFileFuzzTest::perLine).run();

    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(report.accepted()).isPositive();
  }

  @Test
  void parsingText_throwsOnlyTrafficFormatExceptions() {
    Fuzz.Report report = Fuzz.parser("TrafficFile.parse",
        in -> TrafficFile.parse(new StringReader(Fuzz.utf8(in)), "fuzz"))
        .seeds(SEEDS).dictionary(KEYWORDS).typed(TrafficFormatException.class).maxAllocation(TrafficFileFuzzTest::perLine).run();

    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(report.accepted()).isPositive();
  }

  @Test
  void parsingOneLine_throwsOnlyTrafficFormatExceptions() {
    Fuzz.Report report = Fuzz.parser("TrafficFile.parseLine", in -> TrafficFile.parseLine(Fuzz.latin1(in)))
        .seeds(GOOD).dictionary(KEYWORDS).typed(TrafficFormatException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void garbageBeforeAGoodRecord_neverCostsTheGoodRecord() {
    Fuzz.Report report = Fuzz.parser("TrafficFile.read, garbage then a good record", TrafficFileFuzzTest::garbageThenGood)
        .seeds("", "{\"offsetMs\":", "\u00ff\u00fe\n\u00c3(", "{}\n[]\n", "\r\r\n")
        .dictionary(KEYWORDS).maxAllocation(TrafficFileFuzzTest::perLine).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  /** Reads garbage, a newline and the good record; after removing the lines the error names, it reads. */
  private static void garbageThenGood(byte[] garbage) {
    byte[] file = concat(garbage, ("\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    long goodLine = 2;
    for (byte b : garbage) {
      goodLine += b == '\n' ? 1 : 0;
    }
    try {
      List<TrafficRecord> records = TrafficFile.read(new ByteArrayInputStream(file), "fuzz");
      assertThat(records).contains(TrafficFile.parseLine(GOOD));
    } catch (TrafficFormatException e) {
      Set<Long> bad = new HashSet<>();
      e.problems().forEach(p -> bad.add(p.line()));
      assertThat(bad).as("the good record's line is not bad").doesNotContain(goodLine);
      assertThat(e.badLines()).as("every bad line is counted").isLessThan(goodLine);
      if (e.badLines() <= TrafficFormatException.MAX_LISTED) {
        List<TrafficRecord> fixed = TrafficFile.read(new ByteArrayInputStream(withoutLines(file, bad)), "fixed");
        assertThat(fixed).as("the file with the listed lines removed").contains(TrafficFile.parseLine(GOOD));
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] withoutLines(byte[] file, Set<Long> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
    long line = 1;
    for (byte b : file) {
      if (!lines.contains(line)) {
        out.write(b);
      }
      if (b == '\n') {
        line++;
      }
    }
    return out.toByteArray();
  }
}
