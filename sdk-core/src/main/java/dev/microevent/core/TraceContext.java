package dev.microevent.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context (Level 1, with Level 2's random flag): the {@code traceparent} fields and
 * the vendor {@code tracestate}. The client propagates the context of an incoming request (put its
 * {@code traceparent}/{@code tracestate} headers on the {@link EdgeRequest}) or starts a new trace,
 * and sends a fresh span id on every attempt. Malformed input is never thrown at the caller: an
 * invalid {@code traceparent} starts a new trace, an invalid {@code tracestate} is dropped.
 *
 * <p>Immutable and thread-safe.
 */
public final class TraceContext {
  private static final Pattern HEX2 = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z][a-z0-9_*/-]{0,255}");
  private static final Pattern TENANT_KEY = Pattern.compile("[a-z0-9][a-z0-9_*/-]{0,240}@[a-z][a-z0-9_*/-]{0,13}");
  private static final Pattern VALUE = Pattern.compile("[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
  private static final int MAX_MEMBERS = 32;
  private static final int PROPAGATE_CHARS = 512;
  private static final int LONG_MEMBER = 128;

  /** The trace id's 128 bits, high and low, not both 0: its text is made only when asked for. */
  private final long traceHigh;
  private final long traceLow;
  /** The span id's 64 bits, never 0: its text is made only when asked for (most contexts only send it). */
  private final long spanId;
  private final int flags;
  private final String state;

  private TraceContext(long traceHigh, long traceLow, long spanId, int flags, String traceState) {
    this.traceHigh = traceHigh;
    this.traceLow = traceLow;
    this.spanId = spanId;
    this.flags = flags;
    this.state = traceState;
  }

  /**
   * Parses the headers of an incoming request.
   *
   * @param traceparent every {@code traceparent} header value received (two or more is invalid)
   * @param tracestate every {@code tracestate} header value received (they are joined)
   * @return the context, or empty when {@code traceparent} is absent or invalid (then
   *     {@code tracestate} is ignored too, as the spec requires)
   */
  public static Optional<TraceContext> parse(List<String> traceparent, List<String> tracestate) {
    if (traceparent.size() != 1) {
      return Optional.empty();
    }
    String tp = traceparent.get(0).strip();
    if (tp.length() < 55) {
      return Optional.empty();
    }
    String version = tp.substring(0, 2);
    if (!HEX2.matcher(version).matches() || version.equals("ff")) {
      return Optional.empty();
    }
    if (version.equals("00") ? tp.length() != 55 : tp.length() > 55 && tp.charAt(55) != '-') {
      return Optional.empty();
    }
    if (tp.charAt(2) != '-' || tp.charAt(35) != '-' || tp.charAt(52) != '-') {
      return Optional.empty();
    }
    String traceId = tp.substring(3, 35);
    String spanId = tp.substring(36, 52);
    String flags = tp.substring(53, 55);
    if (!HEX32.matcher(traceId).matches() || allZeros(traceId)
        || !HEX16.matcher(spanId).matches() || allZeros(spanId)
        || !HEX2.matcher(flags).matches()) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(Long.parseUnsignedLong(traceId.substring(0, 16), 16),
        Long.parseUnsignedLong(traceId.substring(16), 16), Long.parseUnsignedLong(spanId, 16),
        Integer.parseInt(flags, 16) & 0x03, validTraceState(String.join(",", tracestate))));
  }

  /**
   * Starts a new trace, sampled, with a random trace id (Level 2 random flag set).
   *
   * @param random where ids come from
   * @return the root context
   */
  public static TraceContext newRoot(RandomGenerator random) {
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    return new TraceContext(high, low, newSpanId(random), 0x03, "");
  }

  /**
   * The context for an outgoing call made on behalf of this one: same trace, flags and state, a
   * new span id.
   *
   * @param random where the span id comes from
   * @return the child context
   */
  public TraceContext child(RandomGenerator random) {
    return new TraceContext(traceHigh, traceLow, newSpanId(random), flags, state);
  }

  private static long newSpanId(RandomGenerator random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private static String hex(long v) {
    byte[] out = new byte[16];
    put(out, 0, v);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** {@code hex(high) + hex(low)}, built as one string. */
  private static String hex(long high, long low) {
    byte[] out = new byte[32];
    put(out, 0, high);
    put(out, 16, low);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code v} as 16 lower-case hex digits at {@code out[at..at+15]}. */
  private static void put(byte[] out, int at, long v) {
    for (int i = at + 15; i >= at; i--) {
      out[i] = (byte) DIGITS[(int) (v & 0xf)];
      v >>>= 4;
    }
  }

  private static boolean allZeros(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates a joined {@code tracestate}; invalid means dropped entirely, oversized means
   * truncated for propagation (long members first, then from the end).
   */
  static String validTraceState(String joined) {
    List<String> members = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String raw : joined.split(",", -1)) {
      String m = raw.strip();
      if (m.isEmpty()) {
        continue;
      }
      int eq = m.indexOf('=');
      if (eq <= 0) {
        return "";
      }
      String key = m.substring(0, eq);
      String value = m.substring(eq + 1);
      if (!(SIMPLE_KEY.matcher(key).matches() || TENANT_KEY.matcher(key).matches())
          || !VALUE.matcher(value).matches() || !keys.add(key)) {
        return "";
      }
      members.add(key + "=" + value);
    }
    if (members.size() > MAX_MEMBERS) {
      return "";
    }
    String s = String.join(",", members);
    if (s.length() <= PROPAGATE_CHARS) {
      return s;
    }
    members.removeIf(m -> m.length() > LONG_MEMBER);
    while (String.join(",", members).length() > PROPAGATE_CHARS) {
      members.remove(members.size() - 1);
    }
    return String.join(",", members);
  }

  /** {@return the 32-hex-digit trace id} */
  public String traceId() {
    return hex(traceHigh, traceLow);
  }

  /** {@return the 16-hex-digit span (parent) id} */
  public String spanId() {
    return hex(spanId);
  }

  /** {@return whether the caller may have recorded this trace (flag bit 0)} */
  public boolean sampled() {
    return (flags & 0x01) != 0;
  }

  /**
   * Each thread's buffer for a {@code traceparent} being written: the string made of it is the
   * only allocation (written into an array of its own, the array was a second copy of 72 bytes on
   * every attempt).
   */
  private static final ThreadLocal<byte[]> TRACEPARENT_BUFFER = ThreadLocal.withInitial(() -> new byte[55]);

  /** {@return the {@code traceparent} header value (version 00)} */
  public String traceparent() {
    return traceparent(spanId);
  }

  /**
   * The {@code traceparent} of a {@link #child} context, without making the child: what an
   * outgoing call made on behalf of this context sends when nothing else of the child is needed
   * (the client's attempts send this, one child per attempt).
   *
   * @param random where the child's span id comes from
   * @return the child's {@code traceparent} header value (version 00): same trace and flags, a new
   *     span id
   */
  public String childTraceparent(RandomGenerator random) {
    return traceparent(newSpanId(random));
  }

  /** The {@code traceparent} of this trace and flags with the span id {@code span}. */
  private String traceparent(long span) {
    byte[] out = TRACEPARENT_BUFFER.get();
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    put(out, 3, traceHigh);
    put(out, 19, traceLow);
    out[35] = '-';
    put(out, 36, span);
    out[52] = '-';
    out[53] = (byte) DIGITS[(flags >> 4) & 0xf];
    out[54] = (byte) DIGITS[flags & 0xf];
    return new String(out, 0, out.length, StandardCharsets.ISO_8859_1);
  }

  /** {@return the {@code tracestate} header value; empty when there is none} */
  public String tracestate() {
    return state;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceContext t && t.traceHigh == traceHigh && t.traceLow == traceLow && t.spanId == spanId
        && t.flags == flags && t.state.equals(state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Long.hashCode(traceHigh), Long.hashCode(traceLow), Long.hashCode(spanId), flags, state);
  }

  @Override
  public String toString() {
    return traceparent();
  }
}
