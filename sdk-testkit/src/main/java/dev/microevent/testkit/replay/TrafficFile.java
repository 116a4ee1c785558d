package dev.microevent.testkit.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import dev.microevent.testkit.TestkitException;
import dev.microevent.testkit.internal.Json;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes traffic files: NDJSON, one {@link TrafficRecord} per line, UTF-8.
 *
 * <pre>
 * {"offsetMs":0,"intent":"read","method":"GET","path":"/v1/catalog","bodyBytes":0}
 * {"offsetMs":12.5,"intent":"payment","method":"POST","path":"/v1/checkout","bodyBytes":312,
 *  "contentType":"application/json","outcome":"success","status":200,"plane":"venue-hub","attempts":1,"durationMs":23.4}
 * {"offsetMs":40,"intent":"loyalty","criticality":"NON_ESSENTIAL","idempotence":"IDEMPOTENT","method":"POST",...}
 * </pre>
 *
 * <p>(The second record is one line in a file.) Members: {@code offsetMs} (number, &ge; 0,
 * required: start of the call after the first one), {@code intent} (required: a built-in name, or
 * an app intent with {@code criticality} and {@code idempotence}), {@code method} and {@code
 * path} (required), {@code bodyBytes} (default 0), {@code contentType}; and, as observed when
 * recorded, {@code outcome} ({@link Outcome#tag()}), {@code status}, {@code plane}, {@code
 * attempts}, {@code durationMs} (checked always, kept only with an {@code outcome}). {@code
 * bodyBytes}, {@code status} and {@code attempts} are whole numbers. Unknown members are ignored,
 * blank lines are skipped, records may
 * come in any order (readers sort by offset). Lines longer than 64 KiB are rejected.
 *
 * <p>Reading is all or nothing: any bad line (invalid UTF-8 included) fails the whole read with a
 * {@link TrafficFormatException} that lists every bad line (up to {@link
 * TrafficFormatException#MAX_LISTED}) and only those: a bad line never hides the line after it, so
 * removing the listed lines leaves every good record readable. Stateless and thread-safe.
 */
public final class TrafficFile {
  /** Longest line accepted, in characters. */
  public static final int MAX_LINE = 64 * 1024;
  private static final double MAX_OFFSET_MS = 30L * 24 * 3600 * 1000;

  private TrafficFile() {}

  /**
   * Reads a traffic file.
   *
   * @param file the file
   * @return its records, sorted by offset
   * @throws TrafficFormatException if any line is malformed or the file is not UTF-8
   * @throws TestkitException if the file cannot be read
   */
  public static List<TrafficRecord> read(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new TestkitException("cannot read traffic file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads traffic from a stream (closed by the caller). Each line is decoded on its own, so a line
   * that is not UTF-8 is one bad line among the others, not the end of the read.
   *
   * @param in UTF-8 NDJSON
   * @param source a name for messages
   * @return the records, sorted by offset
   * @throws TrafficFormatException if any line is malformed or not UTF-8
   * @throws TestkitException if the stream cannot be read
   */
  public static List<TrafficRecord> read(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Lines lines = new Lines(source);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    // A UTF-8 character is at most 3 bytes per UTF-16 char: a line longer than this is too long.
    byte[] line = new byte[3 * MAX_LINE];
    InputStream buffered = new BufferedInputStream(in); // not closed: the caller owns the stream
    try {
      while (true) {
        int length = 0;
        boolean tooLong = false;
        boolean sawNewline = false;
        int b;
        while ((b = buffered.read()) >= 0) {
          if (b == '\n') {
            sawNewline = true;
            break;
          }
          if (length < line.length) {
            line[length++] = (byte) b;
          } else {
            tooLong = true;
          }
        }
        if (b < 0 && length == 0 && !tooLong) {
          break;
        }
        String text = null;
        if (!tooLong) {
          try {
            text = utf8.reset().decode(ByteBuffer.wrap(line, 0, length)).toString();
          } catch (CharacterCodingException e) {
            lines.bad("not valid UTF-8");
            continue;
          }
        }
        lines.line(text, sawNewline);
      }
    } catch (IOException e) {
      throw new TestkitException("cannot read traffic from " + source + ": " + e.getMessage(), e);
    }
    return lines.records();
  }

  /**
   * Parses traffic from characters (closed by the caller).
   *
   * @param reader NDJSON text
   * @param source a name for messages
   * @return the records, sorted by offset
   * @throws TrafficFormatException if any line is malformed
   * @throws TestkitException if the reader fails
   */
  public static List<TrafficRecord> parse(Reader reader, String source) {
    Objects.requireNonNull(reader, "reader");
    Lines lines = new Lines(source);
    StringBuilder line = new StringBuilder(256);
    try {
      while (true) {
        line.setLength(0);
        boolean tooLong = false;
        int c;
        boolean sawNewline = false;
        while ((c = reader.read()) >= 0) {
          if (c == '\n') {
            sawNewline = true;
            break;
          }
          if (line.length() >= MAX_LINE) {
            tooLong = true;
          } else {
            line.append((char) c);
          }
        }
        if (c < 0 && line.length() == 0 && !tooLong) {
          break;
        }
        lines.line(tooLong ? null : line.toString(), sawNewline);
      }
    } catch (IOException e) {
      throw new TestkitException("cannot read traffic from " + source + ": " + e.getMessage(), e);
    }
    return lines.records();
  }

  /** The records and the bad lines of one read, line by line. */
  private static final class Lines {
    private final String source;
    private final List<TrafficRecord> records = new ArrayList<>();
    private final List<TrafficFormatException.Problem> problems = new ArrayList<>();
    private long bad;
    private long number;

    Lines(String source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The next line.
     *
     * @param text its text, or {@code null} if it is longer than {@link #MAX_LINE}
     * @param sawNewline whether a newline ended it (else it is the last, maybe truncated)
     */
    void line(@Nullable String text, boolean sawNewline) {
      if (text == null || text.length() > MAX_LINE) {
        bad("longer than " + MAX_LINE + " characters");
        return;
      }
      String stripped = text.strip();
      if (stripped.isEmpty()) {
        number++;
        return;
      }
      try {
        records.add(parseLineOrThrow(stripped));
        number++;
      } catch (LineException e) {
        bad(e.getMessage() + (sawNewline ? "" : " (last line has no newline: is the file truncated?)"));
      }
    }

    /** The next line is bad. */
    void bad(String problem) {
      number++;
      bad++;
      if (problems.size() < TrafficFormatException.MAX_LISTED) {
        problems.add(new TrafficFormatException.Problem(number, problem));
      }
    }

    List<TrafficRecord> records() {
      if (bad > 0) {
        throw new TrafficFormatException(source, problems, bad, null);
      }
      records.sort(Comparator.comparing(TrafficRecord::offset));
      return records;
    }
  }

  /** A bad line; message says why. */
  private static final class LineException extends Exception {
    private static final long serialVersionUID = 1L;

    LineException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses one line.
   *
   * @param line a JSON object
   * @return the record
   * @throws TrafficFormatException if it is malformed (line number 1)
   */
  public static TrafficRecord parseLine(String line) {
    Objects.requireNonNull(line, "line");
    try {
      return parseLineOrThrow(line);
    } catch (LineException e) {
      throw new TrafficFormatException("line", List.of(new TrafficFormatException.Problem(1, String.valueOf(e.getMessage()))), 1,
          null);
    }
  }

  private static TrafficRecord parseLineOrThrow(String line) throws LineException {
    JsonNode node;
    try {
      node = Json.tree(line);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new LineException("not valid JSON: " + shorten(why));
    }
    if (node == null || !node.isObject()) {
      throw new LineException("not a JSON object");
    }
    double offsetMs = number(node, "offsetMs", true, 0, MAX_OFFSET_MS);
    String intentName = text(node, "intent", true);
    String method = text(node, "method", true);
    String path = text(node, "path", true);
    Intent intent = intent(Objects.requireNonNull(intentName), text(node, "criticality", false),
        text(node, "idempotence", false));
    TrafficRecord.Builder b;
    try {
      b = TrafficRecord.builder(Duration.ofNanos(Math.round(offsetMs * 1e6)), intent, Objects.requireNonNull(method),
          Objects.requireNonNull(path));
      b.bodySize(integer(node, "bodyBytes", 0, 16 * 1024 * 1024));
      b.contentType(text(node, "contentType", false));
      // The observed members are checked even without an outcome, but kept only with one.
      String outcome = text(node, "outcome", false);
      int status = integer(node, "status", 0, 599);
      int attempts = integer(node, "attempts", 0, 100);
      double durationMs = number(node, "durationMs", false, 0, MAX_OFFSET_MS);
      String plane = text(node, "plane", false);
      if (outcome != null) {
        b.observed(outcomeOf(outcome), status, plane, attempts, Duration.ofNanos(Math.round(durationMs * 1e6)));
      }
    } catch (IllegalArgumentException e) {
      throw new LineException(shorten(e.getMessage()));
    }
    return b.build();
  }

  private static Outcome outcomeOf(String tag) throws LineException {
    for (Outcome o : Outcome.values()) {
      if (o.tag().equals(tag)) {
        return o;
      }
    }
    throw new LineException("unknown outcome '" + shorten(tag) + "'");
  }

  private static Intent intent(String name, @Nullable String criticality, @Nullable String idempotence)
      throws LineException {
    for (Intent builtIn : Intent.builtIns()) {
      if (builtIn.name().equals(name)) {
        return builtIn;
      }
    }
    if (criticality == null || idempotence == null) {
      throw new LineException("intent '" + shorten(name) + "' is not built in: give criticality and idempotence");
    }
    try {
      return Intent.of(name, Criticality.valueOf(criticality), Intent.Idempotence.valueOf(idempotence));
    } catch (IllegalArgumentException e) {
      throw new LineException(shorten(e.getMessage()));
    }
  }

  private static @Nullable String text(JsonNode node, String field, boolean required) throws LineException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new LineException("missing '" + field + "'");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new LineException("'" + field + "' must be a string");
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field, boolean required, double min, double max)
      throws LineException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new LineException("missing '" + field + "'");
      }
      return min;
    }
    if (!v.isNumber()) {
      throw new LineException("'" + field + "' must be a number");
    }
    double d = v.asDouble();
    if (!(d >= min && d <= max)) {
      throw new LineException("'" + field + "' must be within " + fmt(min) + ".." + fmt(max) + ", got " + v);
    }
    return d;
  }

  /** An optional whole number (0 when missing); {@code 12.0} is whole, {@code 12.5} is not. */
  private static int integer(JsonNode node, String field, int min, int max) throws LineException {
    double d = number(node, field, false, min, max);
    if (d != Math.rint(d)) {
      throw new LineException("'" + field + "' must be a whole number, got " + node.get(field));
    }
    return (int) d;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String shorten(@Nullable String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...";
  }

  /**
   * Writes records as NDJSON, sorted by offset, one line each.
   *
   * @param file the file (replaced)
   * @param records the records
   * @throws TestkitException if the file cannot be written
   */
  public static void write(Path file, List<TrafficRecord> records) {
    Objects.requireNonNull(file, "file");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, records);
    } catch (IOException e) {
      throw new TestkitException("cannot write traffic file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes records as NDJSON, sorted by offset (the writer is not closed).
   *
   * @param out where to write
   * @param records the records
   * @throws IOException if writing fails
   */
  public static void write(Writer out, List<TrafficRecord> records) throws IOException {
    List<TrafficRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing(TrafficRecord::offset));
    for (TrafficRecord r : sorted) {
      out.write(toLine(r));
      out.write('\n');
    }
    out.flush();
  }

  /**
   * One record as one NDJSON line (without the newline).
   *
   * @param r the record
   * @return the JSON text
   */
  public static String toLine(TrafficRecord r) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("offsetMs", millis(r.offset()));
    n.put("intent", r.intent().name());
    if (!Intent.builtIns().contains(r.intent())) {
      n.put("criticality", r.intent().criticality().name());
      n.put("idempotence", r.intent().idempotence().name());
    }
    n.put("method", r.method());
    n.put("path", r.path());
    n.put("bodyBytes", r.bodySize());
    r.contentType().ifPresent(ct -> n.put("contentType", ct));
    r.outcome().ifPresent(o -> {
      n.put("outcome", o.tag());
      if (r.status() != 0) {
        n.put("status", r.status());
      }
      r.planeId().ifPresent(p -> n.put("plane", p));
      n.put("attempts", r.attempts());
      r.duration().ifPresent(d -> n.put("durationMs", millis(d)));
    });
    return n.toString();
  }

  private static double millis(Duration d) {
    return Math.round(d.toNanos() / 1000.0) / 1000.0;
  }
}
