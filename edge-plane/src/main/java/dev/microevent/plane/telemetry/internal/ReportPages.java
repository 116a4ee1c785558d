package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.telemetry.SloFigures;
import dev.microevent.plane.telemetry.TelemetryReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link TelemetryReport} as a text table, JSON or an HTML page with SVG charts. */
public final class ReportPages {
  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
      "#b07aa1", "#ff9da7"};

  private ReportPages() {}

  /**
   * The text table.
   *
   * @param r the report
   * @return the table
   */
  public static String table(TelemetryReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "venue %s, %s .. %s, %d batches%n", r.venue(), r.from(), r.to(), r.batches()));
    sb.append(String.format(Locale.ROOT, "%-14s %-10s %9s %7s %9s %8s %6s %9s %9s  %s%n", "INTENT", "SLICE", "CALLS",
        "BAD", "AVAIL%", "SLO%", "BURN", "P50 ms", "P99 ms", "ERROR CLASSES"));
    for (SloFigures f : r.figures()) {
      sb.append(String.format(Locale.ROOT, "%-14s %-10s %9d %7d %9.3f %8.3f %6.2f %9.1f %9.1f  %s%s%n", f.intent(),
          f.slice(), f.calls(), f.bad(), 100 * f.availability(), 100 * f.target(), f.burnRate(), f.p50Millis(),
          f.p99Millis(), classes(f.errorClasses()), f.breached() ? "  BREACHED" : ""));
    }
    return sb.toString();
  }

  private static String classes(Map<String, Long> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.length() == 0 ? "-" : sb.toString();
  }

  /**
   * The JSON document.
   *
   * @param r the report
   * @return the JSON
   */
  public static String json(TelemetryReport r) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    o.put("venue", r.venue()).put("from", r.from().toString()).put("to", r.to().toString()).put("batches", r.batches())
        .put("breached", r.breached());
    var list = o.putArray("figures");
    for (SloFigures f : r.figures()) {
      ObjectNode g = list.addObject();
      g.put("intent", f.intent()).put("slice", f.slice()).put("calls", f.calls()).put("eligible", f.eligible())
          .put("bad", f.bad()).put("target", f.target()).put("availability", f.availability())
          .put("burnRate", f.burnRate()).put("p50Millis", f.p50Millis()).put("p99Millis", f.p99Millis())
          .put("keptSpans", f.keptSpans()).put("breached", f.breached());
      ObjectNode e = g.putObject("errorClasses");
      f.errorClasses().forEach(e::put);
    }
    return new String(PlaneJson.write(o), StandardCharsets.UTF_8);
  }

  /**
   * The HTML page: a summary table and three bar charts (latency p50/p99, availability against the
   * SLO, error classes).
   *
   * @param r the report
   * @return the page
   */
  public static String html(TelemetryReport r) {
    List<SloFigures> fs = r.figures();
    StringBuilder sb = new StringBuilder(8192);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Telemetry ")
        .append(esc(r.venue())).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}"
            + "td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}.bad{color:#c0392b;font-weight:bold}"
            + "figure{margin:2em 0}figcaption{font-weight:bold;margin-bottom:.5em}</style></head><body>\n");
    sb.append("<h1>Venue ").append(esc(r.venue())).append("</h1>\n<p>").append(esc(r.from().toString())).append(" to ")
        .append(esc(r.to().toString())).append(", ").append(r.batches()).append(" batches</p>\n");
    sb.append("<table id=\"figures\"><tr><th>Intent</th><th>Slice</th><th>Calls</th><th>Bad</th><th>Availability</th>"
        + "<th>SLO</th><th>Burn rate</th><th>p50 ms</th><th>p99 ms</th><th>Error classes</th></tr>\n");
    for (SloFigures f : fs) {
      sb.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%.3f %%</td>"
              + "<td>%.3f %%</td><td>%.2f</td><td>%.1f</td><td>%.1f</td><td>%s</td></tr>%n",
          f.breached() ? " class=\"bad\"" : "", esc(f.intent()), esc(f.slice()), f.calls(), f.bad(),
          100 * f.availability(), 100 * f.target(), f.burnRate(), f.p50Millis(), f.p99Millis(),
          esc(classes(f.errorClasses()))));
    }
    sb.append("</table>\n");
    double maxMs = 1;
    for (SloFigures f : fs) {
      maxMs = Math.max(maxMs, f.p99Millis());
    }
    sb.append("<figure id=\"latency\"><figcaption>Latency: p50 and p99 (ms)</figcaption>\n");
    bars(sb, fs, maxMs, new String[] {"p50", "p99"}, f -> new double[] {f.p50Millis(), f.p99Millis()}, "%.1f");
    sb.append("</figure>\n<figure id=\"availability\"><figcaption>Availability against the SLO (%)</figcaption>\n");
    bars(sb, fs, 100, new String[] {"availability", "SLO"},
        f -> new double[] {100 * f.availability(), 100 * f.target()}, "%.3f");
    sb.append("</figure>\n<figure id=\"errors\"><figcaption>Error classes (calls)</figcaption>\n");
    long maxErr = 1;
    for (SloFigures f : fs) {
      maxErr = Math.max(maxErr, f.errorClasses().values().stream().mapToLong(Long::longValue).sum());
    }
    stacked(sb, fs, maxErr);
    sb.append("</figure>\n</body></html>\n");
    return sb.toString();
  }

  private interface Values {
    double[] of(SloFigures f);
  }

  private static void bars(StringBuilder sb, List<SloFigures> fs, double max, String[] series, Values values,
      String fmt) {
    int row = 26;
    int labelW = 200;
    int width = 760;
    int h = Math.max(1, fs.size()) * row * series.length + 30;
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\">%n", width, h));
    int y = 0;
    for (SloFigures f : fs) {
      double[] v = values.of(f);
      for (int s = 0; s < series.length; s++) {
        double w = max <= 0 ? 0 : Math.max(0, v[s]) / max * (width - labelW - 80);
        sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
                + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s</title></rect>"
                + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">" + fmt + "</text>%n",
            y + 16, esc(f.intent() + " / " + f.slice() + " " + series[s]), labelW, y + 4, w, row - 8,
            PALETTE[s % PALETTE.length], esc(series[s]), esc(String.format(Locale.ROOT, fmt, v[s])), labelW + w + 4,
            y + 16, v[s]));
        y += row;
      }
    }
    sb.append("</svg>\n");
  }

  private static void stacked(StringBuilder sb, List<SloFigures> fs, long max) {
    int row = 26;
    int labelW = 200;
    int width = 760;
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\">%n", width, Math.max(1, fs.size()) * row + 10));
    int y = 0;
    for (SloFigures f : fs) {
      sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>%n", y + 16,
          esc(f.intent() + " / " + f.slice())));
      double x = labelW;
      int c = 0;
      for (Map.Entry<String, Long> e : f.errorClasses().entrySet()) {
        double w = (double) e.getValue() / max * (width - labelW - 20);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
            + "<title>%s: %d</title></rect>%n", x, y + 4, w, row - 8, PALETTE[c++ % PALETTE.length], esc(e.getKey()),
            e.getValue()));
        x += w;
      }
      y += row;
    }
    sb.append("</svg>\n");
  }

  private static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
