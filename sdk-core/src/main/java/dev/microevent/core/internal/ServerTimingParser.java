package dev.microevent.core.internal;

import dev.microevent.core.ServerTiming;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code Server-Timing} headers (W3C Server Timing) leniently: well-formed metrics are kept
 * (several per header, {@code dur} in ms, {@code desc} as token or quoted string, unknown
 * parameters ignored, the first of a repeated parameter wins, a non-numeric {@code dur} reads as
 * 0), malformed ones are skipped and counted. Never throws.
 */
final class ServerTimingParser {
  /** The metrics read and how many were malformed. */
  record Parsed(List<ServerTiming> metrics, int malformed) {
    static final Parsed NONE = new Parsed(List.of(), 0);
  }

  private ServerTimingParser() {}

  static Parsed parse(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return Parsed.NONE;
    }
    List<ServerTiming> out = new ArrayList<>();
    int malformed = 0;
    for (String header : headerValues) {
      Cursor c = new Cursor(header);
      while (true) {
        c.skipOws();
        if (c.done()) {
          break;
        }
        if (c.peek() == ',') {
          c.pos++;
          continue;
        }
        ServerTiming metric = metric(c);
        if (metric == null) {
          malformed++;
          c.skipToNextMetric();
        } else {
          out.add(metric);
        }
      }
    }
    return new Parsed(List.copyOf(out), malformed);
  }

  private static @Nullable ServerTiming metric(Cursor c) {
    String name = c.token();
    if (name.isEmpty()) {
      return null;
    }
    double dur = Double.NaN;
    String desc = null;
    boolean haveDur = false;
    boolean haveDesc = false;
    while (true) {
      c.skipOws();
      if (c.done() || c.peek() == ',') {
        return new ServerTiming(name, dur, desc);
      }
      if (c.peek() != ';') {
        return null;
      }
      c.pos++;
      c.skipOws();
      String param = c.token();
      if (param.isEmpty()) {
        return null;
      }
      c.skipOws();
      String value = null;
      if (!c.done() && c.peek() == '=') {
        c.pos++;
        c.skipOws();
        value = !c.done() && c.peek() == '"' ? c.quoted() : c.token();
        if (value == null || (value.isEmpty() && !c.lastWasQuoted)) {
          return null;
        }
      }
      if (param.equalsIgnoreCase("dur") && !haveDur) {
        haveDur = true;
        dur = value == null ? 0 : parseDur(value);
      } else if (param.equalsIgnoreCase("desc") && !haveDesc) {
        haveDesc = true;
        desc = value;
      }
    }
  }

  private static double parseDur(String v) {
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? d : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static final class Cursor {
    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";
    private final String s;
    int pos;
    boolean lastWasQuoted;

    Cursor(String s) {
      this.s = s;
    }

    boolean done() {
      return pos >= s.length();
    }

    char peek() {
      return s.charAt(pos);
    }

    void skipOws() {
      while (!done() && (peek() == ' ' || peek() == '\t')) {
        pos++;
      }
    }

    String token() {
      lastWasQuoted = false;
      int start = pos;
      while (!done() && peek() > 0x20 && peek() < 0x7f && SEPARATORS.indexOf(peek()) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** A quoted string with backslash escapes, or null when unterminated. */
    @Nullable String quoted() {
      lastWasQuoted = true;
      StringBuilder b = new StringBuilder();
      pos++;
      while (!done()) {
        char ch = s.charAt(pos++);
        if (ch == '"') {
          return b.toString();
        }
        if (ch == '\\' && !done()) {
          ch = s.charAt(pos++);
        }
        b.append(ch);
      }
      return null;
    }

    void skipToNextMetric() {
      boolean inQuotes = false;
      while (!done()) {
        char ch = s.charAt(pos++);
        if (ch == '\\' && inQuotes && !done()) {
          pos++;
        } else if (ch == '"') {
          inQuotes = !inQuotes;
        } else if (ch == ',' && !inQuotes) {
          return;
        }
      }
    }
  }
}
