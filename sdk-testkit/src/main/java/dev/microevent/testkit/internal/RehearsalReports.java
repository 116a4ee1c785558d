package dev.microevent.testkit.internal;

import dev.microevent.testkit.load.IntentLoad;
import dev.microevent.testkit.load.LatencySummary;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.load.TimeSlice;
import dev.microevent.testkit.rehearsal.Marker;
import dev.microevent.testkit.rehearsal.ObjectiveResult;
import dev.microevent.testkit.rehearsal.RehearsalResult;
import dev.microevent.testkit.rehearsal.RouteSlice;
import dev.microevent.testkit.rehearsal.Verdict;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes a rehearsal result as JSON and as a self-contained HTML page with inline SVG charts. */
public final class RehearsalReports {
  private static final int W = 960;
  private static final int H = 240;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 36;
  /** Error kinds; no purple, green or the route colours, which mark fault steps, failbacks and routes. */
  private static final String[] PALETTE = {"#d62728", "#ff7f0e", "#8c564b", "#bcbd22", "#e377c2", "#7f7f7f"};

  private RehearsalReports() {}

  // ---------------------------------------------------------------- JSON

  /**
   * The JSON report.
   *
   * @param r the result
   * @return indented JSON
   */
  public static String json(RehearsalResult r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", r.name());
    root.put("startedAt", r.startedAt().toString());
    root.put("traffic", r.traffic());
    root.put("speed", r.speed());
    root.put("settings", r.settings());
    root.put("warmUp", r.warmUp());
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("status", r.verdict().status().name());
    verdict.put("passed", r.verdict().passed());
    verdict.put("reasons", r.verdict().reasons());
    verdict.put("findings", r.verdict().findings());
    List<Object> objectives = new ArrayList<>();
    for (ObjectiveResult o : r.verdict().results()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("intent", o.objective().intent().name());
      m.put("availabilityTarget", o.objective().slo().target());
      o.objective().latency().ifPresent(t -> {
        m.put("latencyPercentile", o.objective().latencyPercentile());
        m.put("latencyThresholdMs", ms(t));
        m.put("latencyMs", ms(o.latency()));
      });
      m.put("calls", o.calls());
      m.put("eligible", o.eligible());
      m.put("bad", o.bad());
      m.put("availability", o.availability());
      m.put("budgetSpent", o.budgetSpent());
      m.put("burnRate", o.burnRate());
      m.put("peakAlert", o.peakAlert().name());
      m.put("passed", o.passed());
      m.put("findings", o.findings());
      objectives.add(m);
    }
    verdict.put("objectives", objectives);
    root.put("verdict", verdict);
    root.put("load", load(r.load()));
    List<Object> timeline = new ArrayList<>();
    List<TimeSlice> slices = r.load().timeline();
    for (int i = 0; i < slices.size(); i++) {
      TimeSlice s = slices.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("startMs", ms(s.start()));
      m.put("offered", s.offered());
      m.put("succeeded", s.succeeded());
      m.put("failed", s.failed());
      m.put("errors", s.errorsByKind());
      m.put("p50Ms", ms(s.p50()));
      m.put("p99Ms", ms(s.p99()));
      m.put("maxMs", ms(s.max()));
      if (i < r.routes().size()) {
        RouteSlice route = r.routes().get(i);
        m.put("servedByEdge", route.edge());
        m.put("servedByCentral", route.central());
        m.put("callsFailed", route.failed());
        m.put("failoverAttempts", route.failoverAttempts());
      }
      timeline.add(m);
    }
    root.put("timeline", timeline);
    List<Object> markers = new ArrayList<>();
    for (Marker mk : r.markers()) {
      markers.add(Map.of("atMs", ms(mk.at()), "kind", mk.kind().name(), "description", mk.description()));
    }
    root.put("markers", markers);
    return Json.writePretty(root);
  }

  private static Map<String, Object> load(LoadReport l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", l.description());
    m.put("scheduledSeconds", l.scheduledDuration().toMillis() / 1000.0);
    m.put("elapsedSeconds", l.elapsed().toMillis() / 1000.0);
    m.put("offered", l.offered());
    m.put("offeredRatePerSecond", round(l.offeredRate()));
    m.put("throughputPerSecond", round(l.throughput()));
    m.put("succeeded", l.succeeded());
    m.put("clientErrors", l.clientErrors());
    m.put("failed", l.failed());
    m.put("unfinished", l.unfinished());
    m.put("errorsByKind", new TreeMap<>(l.errorsByKind()));
    m.put("latencyMs", summary(l.latency()));
    m.put("serviceTimeMs", summary(l.serviceTime()));
    m.put("maxDispatchLagMs", ms(l.maxDispatchLag()));
    m.put("generatorLagMs", summary(l.generatorLag()));
    m.put("maxInFlight", l.maxInFlight());
    Map<String, Object> byIntent = new TreeMap<>();
    for (IntentLoad i : l.byIntent().values()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("requests", i.requests());
      x.put("succeeded", i.succeeded());
      x.put("clientErrors", i.clientErrors());
      x.put("failed", i.failed());
      x.put("latencyMs", summary(i.latency()));
      byIntent.put(i.intent(), x);
    }
    m.put("byIntent", byIntent);
    return m;
  }

  private static Map<String, Object> summary(LatencySummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.count());
    m.put("mean", ms(s.mean()));
    m.put("p50", ms(s.p50()));
    m.put("p90", ms(s.p90()));
    m.put("p99", ms(s.p99()));
    m.put("p99.9", ms(s.p999()));
    m.put("max", ms(s.max()));
    return m;
  }

  private static double ms(Duration d) {
    return Math.round(d.toNanos() / 1000.0) / 1000.0;
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  // ---------------------------------------------------------------- HTML

  /**
   * The HTML report: one page, inline CSS and SVG, no scripts, nothing fetched.
   *
   * @param r the result
   * @return the page
   */
  public static String html(RehearsalResult r) {
    LoadReport l = r.load();
    StringBuilder h = new StringBuilder(64 * 1024);
    Verdict.Status status = r.verdict().status();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Rehearsal: ").append(esc(r.name())).append("</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222}")
        .append("h1{margin:0 0 4px}h2{margin:28px 0 6px;font-size:17px}")
        .append(".verdict{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;font-weight:bold}")
        .append(".pass{background:#2ca02c}.fail{background:#d62728}.inconclusive{background:#7f7f7f}")
        .append("table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("td{white-space:nowrap}")
        .append("th{background:#f4f4f4}td.l,th.l{text-align:left}.muted{color:#666}")
        .append("svg{background:#fcfcfc;border:1px solid #ddd}.legend span{margin-right:14px}")
        .append(".sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}")
        .append("</style></head><body>\n");
    h.append("<h1>Rehearsal: ").append(esc(r.name())).append("</h1>\n");
    String badge = switch (status) {
      case PASSED -> "pass";
      case FAILED -> "fail";
      case INCONCLUSIVE -> "inconclusive";
    };
    h.append("<p><span id=\"verdict\" class=\"verdict ").append(badge).append("\">").append(status.name())
        .append("</span> <span class=\"muted\">").append(esc(r.traffic())).append(" &middot; started ")
        .append(esc(r.startedAt().truncatedTo(ChronoUnit.SECONDS).toString())).append(" &middot; ran ")
        .append(fmt(l.elapsed().toMillis() / 1000.0)).append(" s &middot; warm-up: ").append(esc(r.warmUp()))
        .append("</span></p>\n");
    if (status == Verdict.Status.INCONCLUSIVE) {
      list(h, "reasons", r.verdict().reasons());
      if (!r.verdict().findings().isEmpty()) {
        h.append("<p class=\"muted\">Not judged; what the objectives measured on this run:</p>\n");
        list(h, "findings", r.verdict().findings());
      }
    } else if (status == Verdict.Status.FAILED) {
      list(h, "findings", r.verdict().findings());
    }
    settingsTable(h, r);
    objectivesTable(h, r);
    summaryTable(h, l);
    intentsTable(h, l);
    List<TimeSlice> slices = l.timeline();
    h.append("<p class=\"muted\">The charts run on run time, in slices of ").append(fmt(sliceSeconds(slices)))
        .append(" s; every call is placed at its intended start (latency, errors, routes and failovers alike)");
    if (r.speed() != 1) {
      h.append("; at ").append(fmt(r.speed())).append("x, one second of run time is ").append(fmt(r.speed()))
          .append(" seconds of the recorded event");
    }
    h.append(".</p>\n");
    h.append("<h2>Latency over time (every call, failed ones included; from intended start, log scale)</h2>\n");
    latencyChart(h, slices, r.markers());
    h.append("<h2>Errors over time</h2>\n");
    errorChart(h, slices, r.markers());
    h.append("<h2>Route share: edge, central, failed</h2>\n");
    routeChart(h, r.routes(), slices, r.markers());
    markersTable(h, r.markers());
    errorsTable(h, l);
    h.append("<p class=\"muted\">Generated by the Microevent SDK testkit. Latency is measured from each call's intended")
        .append(" start, so queueing behind a stall counts (coordinated omission corrected).</p>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void list(StringBuilder h, String id, List<String> items) {
    h.append("<ul id=\"").append(id).append("\">");
    for (String item : items) {
      h.append("<li>").append(esc(item)).append("</li>");
    }
    h.append("</ul>\n");
  }

  private static void settingsTable(StringBuilder h, RehearsalResult r) {
    if (r.settings().isEmpty()) {
      return;
    }
    h.append("<h2>Settings rehearsed</h2>\n<table id=\"settings\">");
    r.settings().forEach((k, v) -> h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">")
        .append(esc(v)).append("</td></tr>\n"));
    h.append("</table>\n");
  }

  private static void intentsTable(StringBuilder h, LoadReport l) {
    if (l.byIntent().isEmpty()) {
      return;
    }
    h.append("<h2>By intent</h2>\n<table id=\"intents\"><tr><th class=\"l\">intent</th><th>calls</th>")
        .append("<th>succeeded</th><th>client errors</th><th>failed</th><th>p50</th><th>p99</th><th>max</th></tr>\n");
    for (IntentLoad i : new TreeMap<>(l.byIntent()).values()) {
      h.append("<tr><td class=\"l\">").append(esc(i.intent())).append("</td><td>").append(i.requests())
          .append("</td><td>").append(i.succeeded()).append("</td><td>").append(i.clientErrors()).append("</td><td>")
          .append(i.failed()).append("</td>");
      for (Duration d : List.of(i.latency().p50(), i.latency().p99(), i.latency().max())) {
        h.append("<td>").append(fmt(ms(d))).append(" ms</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void objectivesTable(StringBuilder h, RehearsalResult r) {
    h.append("<h2>Objectives</h2>\n");
    if (r.verdict().results().isEmpty()) {
      h.append("<p class=\"muted\">No objectives were set.</p>\n");
      return;
    }
    h.append("<table id=\"objectives\"><tr><th class=\"l\">intent</th><th>target</th><th>availability</th>")
        .append("<th>failed / eligible</th><th>budget spent</th><th>burn rate</th><th>peak alert</th>")
        .append("<th>latency objective</th><th>latency</th><th class=\"l\">result</th></tr>\n");
    for (ObjectiveResult o : r.verdict().results()) {
      h.append("<tr><td class=\"l\">").append(esc(o.objective().intent().name())).append("</td><td>")
          .append(pct(o.objective().slo().target())).append("</td><td>").append(pct(o.availability()))
          .append("</td><td>").append(o.bad()).append(" / ").append(o.eligible()).append("</td><td>")
          .append(fmt(o.budgetSpent() * 100)).append(" %</td><td>").append(fmt(o.burnRate())).append("</td><td>")
          .append(o.peakAlert()).append("</td><td>");
      o.objective().latency().ifPresentOrElse(
          t -> h.append("p").append(fmtP(o.objective().latencyPercentile())).append(" &le; ").append(t.toMillis())
              .append(" ms</td><td>").append(fmt(ms(o.latency()))).append(" ms"),
          () -> h.append("&ndash;</td><td>&ndash;"));
      h.append("</td><td class=\"l\">").append(o.passed() ? "met" : "<b>missed</b>").append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void summaryTable(StringBuilder h, LoadReport l) {
    h.append("<h2>Traffic</h2>\n<table id=\"summary\"><tr><th>offered</th><th>offered rate</th><th>throughput</th>")
        .append("<th>succeeded</th><th>client errors</th><th>failed</th><th>p50</th><th>p90</th><th>p99</th>")
        .append("<th>p99.9</th><th>max</th><th>max in flight</th><th>generator lag p99</th><th>max generator lag</th>")
        .append("</tr>\n<tr><td>")
        .append(l.offered()).append("</td><td>").append(fmt(l.offeredRate())).append("/s</td><td>")
        .append(fmt(l.throughput())).append("/s</td><td>").append(l.succeeded()).append("</td><td>")
        .append(l.clientErrors()).append("</td><td>").append(l.failed()).append("</td>");
    LatencySummary s = l.latency();
    for (Duration d : List.of(s.p50(), s.p90(), s.p99(), s.p999(), s.max())) {
      h.append("<td>").append(fmt(ms(d))).append(" ms</td>");
    }
    h.append("<td>").append(l.maxInFlight()).append("</td><td>").append(fmt(ms(l.generatorLag().p99())))
        .append(" ms</td><td>").append(fmt(ms(l.generatorLag().max()))).append(" ms</td></tr></table>\n");
  }

  private static void markersTable(StringBuilder h, List<Marker> markers) {
    h.append("<h2>Moments</h2>\n");
    if (markers.isEmpty()) {
      h.append("<p class=\"muted\">No faults were injected and no call failed over.</p>\n");
      return;
    }
    h.append("<table id=\"moments\"><tr><th>at</th><th class=\"l\">kind</th><th class=\"l\">what</th></tr>\n");
    for (Marker m : markers) {
      h.append("<tr><td>").append(fmt(m.at().toMillis() / 1000.0)).append(" s</td><td class=\"l\">")
          .append(m.kind().name().toLowerCase(Locale.ROOT)).append("</td><td class=\"l\">").append(esc(m.description()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void errorsTable(StringBuilder h, LoadReport l) {
    h.append("<h2>Errors by kind</h2>\n");
    if (l.errorsByKind().isEmpty()) {
      h.append("<p class=\"muted\">None.</p>\n");
      return;
    }
    h.append("<table id=\"errors\"><tr><th class=\"l\">kind</th><th>count</th></tr>\n");
    new TreeMap<>(l.errorsByKind()).forEach((k, v) ->
        h.append("<tr><td class=\"l\">").append(esc(k)).append("</td><td>").append(v).append("</td></tr>\n"));
    h.append("</table>\n");
  }

  private static double sliceSeconds(List<TimeSlice> slices) {
    return slices.isEmpty() ? 1 : slices.get(0).length().toMillis() / 1000.0;
  }

  private static double x(int i, int n) {
    return LEFT + (W - LEFT - RIGHT) * (double) i / Math.max(1, n);
  }

  private static void frame(StringBuilder h, String id, List<TimeSlice> slices, List<Marker> markers) {
    int n = Math.max(1, slices.size());
    h.append("<svg id=\"").append(id).append("\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\">");
    h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(H - BOTTOM).append("\" x2=\"").append(W - RIGHT)
        .append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"#999\"/>");
    double slice = sliceSeconds(slices);
    int ticks = Math.min(10, n);
    for (int t = 0; t <= ticks; t++) {
      int i = (int) Math.round((double) t * n / ticks);
      double px = x(i, n);
      h.append("<text x=\"").append(f(px)).append("\" y=\"").append(H - BOTTOM + 16)
          .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">").append(fmt(i * slice)).append("s</text>");
    }
    double total = n * slice;
    for (Marker m : markers) {
      double px = LEFT + (W - LEFT - RIGHT) * Math.min(1, m.at().toMillis() / 1000.0 / total);
      String color = switch (m.kind()) {
        case FAULT -> "#9467bd";
        case FAILOVER -> "#d62728";
        case FAILBACK -> "#2ca02c";
      };
      h.append("<line class=\"marker\" x1=\"").append(f(px)).append("\" y1=\"").append(TOP).append("\" x2=\"")
          .append(f(px)).append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"").append(color)
          .append("\" stroke-dasharray=\"4 3\"><title>").append(esc(m.description())).append("</title></line>");
    }
  }

  private static void latencyChart(StringBuilder h, List<TimeSlice> slices, List<Marker> markers) {
    int n = Math.max(1, slices.size());
    double maxMs = 1;
    for (TimeSlice s : slices) {
      maxMs = Math.max(maxMs, ms(s.max()));
    }
    double lo = Math.log10(0.1);
    double hi = Math.log10(maxMs * 1.5);
    frame(h, "latency", slices, markers);
    for (double v = 0.1; v <= maxMs * 1.5; v *= 10) {
      double py = ly(v, lo, hi);
      h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(py)).append("\" x2=\"").append(W - RIGHT)
          .append("\" y2=\"").append(f(py)).append("\" stroke=\"#eee\"/><text x=\"").append(LEFT - 6).append("\" y=\"")
          .append(f(py + 4)).append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">")
          .append(v < 1 ? fmt(v) : String.valueOf((long) v)).append(" ms</text>");
    }
    // max is drawn last, thin and dashed, so p99 stays visible beneath it where the two meet (they
    // often do: in a slice of a few dozen calls, the 99th percentile is the slowest call).
    String[][] series = {{"p99", "#ff7f0e", "2.2", ""}, {"p50", "#1f77b4", "2", ""}, {"max", "#d62728", "1.2", "5 3"}};
    for (String[] sr : series) {
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < slices.size(); i++) {
        TimeSlice s = slices.get(i);
        if (s.offered() == 0) {
          continue;
        }
        Duration d = switch (sr[0]) {
          case "p50" -> s.p50();
          case "p99" -> s.p99();
          default -> s.max();
        };
        pts.append(f(x(i, n) + (x(1, n) - x(0, n)) / 2)).append(',').append(f(ly(Math.max(0.1, ms(d)), lo, hi)))
            .append(' ');
      }
      h.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(sr[1]).append("\" stroke-width=\"")
          .append(sr[2]).append('"');
      if (!sr[3].isEmpty()) {
        h.append(" stroke-dasharray=\"").append(sr[3]).append('"');
      }
      h.append(" points=\"").append(pts.toString().trim()).append("\"><title>").append(sr[0])
          .append("</title></polyline>");
    }
    h.append("</svg>\n<div class=\"legend\">");
    swatch(h, series[1][1], "p50");
    swatch(h, series[0][1], "p99");
    swatch(h, series[2][1], "max (dashed)");
    markerLegend(h);
    h.append("</div>\n");
  }

  private static double ly(double v, double lo, double hi) {
    double t = (Math.log10(v) - lo) / (hi - lo);
    return H - BOTTOM - t * (H - TOP - BOTTOM);
  }

  private static void errorChart(StringBuilder h, List<TimeSlice> slices, List<Marker> markers) {
    int n = Math.max(1, slices.size());
    Map<String, Long> totals = new TreeMap<>();
    long peak = 1;
    for (TimeSlice s : slices) {
      s.errorsByKind().forEach((k, v) -> totals.merge(k, v, Long::sum));
      peak = Math.max(peak, s.failed());
    }
    List<String> kinds = new ArrayList<>(totals.keySet());
    kinds.sort((a, b) -> Long.compare(totals.getOrDefault(b, 0L), totals.getOrDefault(a, 0L)));
    frame(h, "errors", slices, markers);
    yAxis(h, peak, "calls");
    double bw = Math.max(1, x(1, n) - x(0, n) - 1);
    for (int i = 0; i < slices.size(); i++) {
      double base = H - BOTTOM;
      for (int k = 0; k < kinds.size(); k++) {
        long v = slices.get(i).errorsByKind().getOrDefault(kinds.get(k), 0L);
        if (v == 0) {
          continue;
        }
        double bh = (double) v / peak * (H - TOP - BOTTOM);
        base -= bh;
        h.append("<rect x=\"").append(f(x(i, n))).append("\" y=\"").append(f(base)).append("\" width=\"").append(f(bw))
            .append("\" height=\"").append(f(bh)).append("\" fill=\"").append(PALETTE[Math.min(k, PALETTE.length - 1)])
            .append("\"><title>").append(esc(kinds.get(k))).append(": ").append(v).append("</title></rect>");
      }
    }
    h.append("</svg>\n<div class=\"legend\">");
    if (kinds.isEmpty()) {
      h.append("<span class=\"muted\">no errors</span>");
    }
    for (int k = 0; k < kinds.size(); k++) {
      swatch(h, PALETTE[Math.min(k, PALETTE.length - 1)], kinds.get(k) + " (" + totals.getOrDefault(kinds.get(k), 0L) + ")");
    }
    markerLegend(h);
    h.append("</div>\n");
  }

  private static void routeChart(StringBuilder h, List<RouteSlice> routes, List<TimeSlice> slices,
      List<Marker> markers) {
    int n = Math.max(1, routes.size());
    long peak = 1;
    for (RouteSlice r : routes) {
      peak = Math.max(peak, r.edge() + r.central() + r.failed());
    }
    frame(h, "routes", slices, markers);
    yAxis(h, peak, "calls");
    double bw = Math.max(1, x(1, n) - x(0, n) - 1);
    String[] colors = {"#17becf", "#ff7f0e", "#d62728"};
    String[] names = {"edge", "central", "failed"};
    for (int i = 0; i < routes.size(); i++) {
      RouteSlice r = routes.get(i);
      long[] values = {r.edge(), r.central(), r.failed()};
      double base = H - BOTTOM;
      for (int k = 0; k < 3; k++) {
        if (values[k] == 0) {
          continue;
        }
        double bh = (double) values[k] / peak * (H - TOP - BOTTOM);
        base -= bh;
        h.append("<rect x=\"").append(f(x(i, n))).append("\" y=\"").append(f(base)).append("\" width=\"").append(f(bw))
            .append("\" height=\"").append(f(bh)).append("\" fill=\"").append(colors[k]).append("\"><title>")
            .append(names[k]).append(": ").append(values[k]).append("</title></rect>");
      }
    }
    h.append("</svg>\n<div class=\"legend\">");
    for (int k = 0; k < 3; k++) {
      swatch(h, colors[k], names[k]);
    }
    markerLegend(h);
    h.append("</div>\n");
  }

  private static void yAxis(StringBuilder h, long peak, String unit) {
    for (int t = 0; t <= 4; t++) {
      double v = peak * t / 4.0;
      double py = H - BOTTOM - (double) t / 4 * (H - TOP - BOTTOM);
      h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(py)).append("\" x2=\"").append(W - RIGHT)
          .append("\" y2=\"").append(f(py)).append("\" stroke=\"#eee\"/><text x=\"").append(LEFT - 6).append("\" y=\"")
          .append(f(py + 4)).append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">").append(fmt(v))
          .append("</text>");
    }
    h.append("<text x=\"12\" y=\"").append(TOP + 8).append("\" font-size=\"11\" fill=\"#555\">").append(unit)
        .append("</text>");
  }

  private static void swatch(StringBuilder h, String color, String label) {
    h.append("<span><i class=\"sw\" style=\"background:").append(color).append("\"></i>").append(esc(label))
        .append("</span>");
  }

  private static void markerLegend(StringBuilder h) {
    h.append("<span class=\"muted\">dashed: <b style=\"color:#9467bd\">fault step</b>, ")
        .append("<b style=\"color:#d62728\">failover</b>, <b style=\"color:#2ca02c\">failback</b></span>");
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.2f" : "%.1f", v);
  }

  private static String fmtP(double p) {
    return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
  }

  private static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.3f %%", ratio * 100);
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
