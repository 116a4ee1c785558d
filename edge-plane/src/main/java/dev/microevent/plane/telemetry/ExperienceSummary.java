package dev.microevent.plane.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.PlaneJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the links felt, window by window, against the session drops of the same windows: what a
 * {@link LinkExperience} kept, with per link (plane and slice) Pearson's correlation of its loss
 * and of its jitter with the share of calls dropped (failed or shed). A positive figure says the
 * drops came with the link's trouble; near 0, with something else (the central plane, the app).
 * Rendered as a text {@link #table()} and as {@link #json()}.
 *
 * @param windows the windows, oldest first
 * @param correlations per link, in the order the probes were added
 */
public record ExperienceSummary(List<Window> windows, List<Correlation> correlations) {

  /**
   * Copies the lists.
   *
   * @param windows the windows, oldest first
   * @param correlations per link, in the order the probes were added
   */
  public ExperienceSummary {
    windows = List.copyOf(windows);
    correlations = List.copyOf(correlations);
  }

  /**
   * One window.
   *
   * @param from when it opened
   * @param to when it closed
   * @param calls the app's calls that finished in it
   * @param failed those that failed
   * @param shed those shed on purpose
   * @param links each probed link in it
   */
  public record Window(Instant from, Instant to, long calls, long failed, long shed, List<LinkWindow> links) {
    /**
     * Copies the list.
     *
     * @param from when it opened
     * @param to when it closed
     * @param calls the app's calls that finished in it
     * @param failed those that failed
     * @param shed those shed on purpose
     * @param links each probed link in it
     */
    public Window {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      links = List.copyOf(links);
    }

    /** {@return the calls failed or shed: the session drops} */
    public long drops() {
      return failed + shed;
    }

    /** {@return the drops over calls, 0 without calls} */
    public double dropRatio() {
      return calls == 0 ? 0 : (double) drops() / calls;
    }
  }

  /**
   * One link in one window.
   *
   * @param plane the plane probed
   * @param slice the slice probed over
   * @param answered probes answered in the window
   * @param lost probes lost in the window
   * @param lossRatio lost over finished probes, 0..1
   * @param meanRttMillis mean round trip of the answered probes
   * @param jitterMillis the probe's RFC 3550 jitter estimate when the window closed
   * @param planeDrops drops whose last attempt went to this plane
   */
  public record LinkWindow(String plane, String slice, long answered, long lost, double lossRatio,
      double meanRttMillis, double jitterMillis, long planeDrops) {}

  /**
   * One link's correlation with the drops over the windows.
   *
   * @param plane the plane probed
   * @param slice the slice probed over
   * @param windows windows in which the link had a finished probe
   * @param lossVsDrops Pearson's r of the loss ratio with the drop share, {@code NaN} when undefined
   *     (fewer than 3 windows, or one side never varied)
   * @param jitterVsDrops Pearson's r of the jitter with the drop share, {@code NaN} when undefined
   */
  public record Correlation(String plane, String slice, int windows, double lossVsDrops, double jitterVsDrops) {}

  /**
   * The summary of some windows.
   *
   * @param windows the windows, oldest first
   * @return the summary with its correlations
   */
  public static ExperienceSummary of(List<Window> windows) {
    Map<String, LinkPoints> byLink = new LinkedHashMap<>();
    for (Window w : windows) {
      for (LinkWindow l : w.links()) {
        if (l.answered() + l.lost() == 0) {
          continue; // the link was not probed in that window: nothing to put beside the drops
        }
        byLink.computeIfAbsent(l.plane() + "\n" + l.slice(), k -> new LinkPoints(l.plane(), l.slice())).points
            .add(new double[] {l.lossRatio(), l.jitterMillis(), w.dropRatio()});
      }
    }
    List<Correlation> cs = new ArrayList<>();
    for (LinkPoints p : byLink.values()) {
      cs.add(new Correlation(p.plane, p.slice, p.points.size(), pearson(p.points, 0, 2), pearson(p.points, 1, 2)));
    }
    return new ExperienceSummary(windows, cs);
  }

  /** One link's (loss, jitter, drop share) per window. */
  private static final class LinkPoints {
    final String plane;
    final String slice;
    final List<double[]> points = new ArrayList<>();

    LinkPoints(String plane, String slice) {
      this.plane = plane;
      this.slice = slice;
    }
  }

  /** Pearson's r of two columns; {@code NaN} with fewer than 3 points or a column that never varies. */
  static double pearson(List<double[]> points, int x, int y) {
    int n = points.size();
    if (n < 3) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (double[] p : points) {
      mx += p[x];
      my += p[y];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (double[] p : points) {
      double dx = p[x] - mx;
      double dy = p[y] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /**
   * The windows as a fixed-width table, a row per window and link, then the correlations.
   *
   * @return the text
   */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-20s %-16s %-10s %7s %7s %9s %9s %6s %6s %6s %7s%n", "window (UTC)", "plane",
        "slice", "probes", "loss", "rtt ms", "jitter ms", "calls", "failed", "shed", "dropped"));
    for (Window w : windows) {
      String at = w.from().toString();
      at = at.length() > 19 ? at.substring(0, 19) : at;
      if (w.links().isEmpty()) {
        b.append(String.format(Locale.ROOT, "%-20s %-16s %-10s %7s %7s %9s %9s %6d %6d %6d %6.1f%%%n", at, "-", "-", "-",
            "-", "-", "-", w.calls(), w.failed(), w.shed(), 100 * w.dropRatio()));
      }
      for (LinkWindow l : w.links()) {
        b.append(String.format(Locale.ROOT, "%-20s %-16s %-10s %7d %6.1f%% %9.1f %9.1f %6d %6d %6d %6.1f%%%n", at,
            l.plane(), l.slice(), l.answered() + l.lost(), 100 * l.lossRatio(), l.meanRttMillis(), l.jitterMillis(),
            w.calls(), w.failed(), w.shed(), 100 * w.dropRatio()));
      }
    }
    b.append("Correlation with the share of calls dropped (Pearson's r over the windows)\n");
    if (correlations.isEmpty()) {
      b.append("  no link was probed\n");
    }
    for (Correlation c : correlations) {
      b.append(String.format(Locale.ROOT, "  %-16s %-10s loss %s  jitter %s  (%d windows)%n", c.plane(), c.slice(),
          figure(c.lossVsDrops()), figure(c.jitterVsDrops()), c.windows()));
    }
    return b.toString();
  }

  private static String figure(double r) {
    return Double.isNaN(r) ? "  n/a" : String.format(Locale.ROOT, "%+.2f", r);
  }

  /**
   * The summary as JSON: {@code windows} (each with its {@code links}) and {@code correlations}; an
   * undefined correlation is {@code null}.
   *
   * @return the JSON text
   */
  public String json() {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    ArrayNode ws = o.putArray("windows");
    for (Window w : windows) {
      ObjectNode n = ws.addObject().put("from", w.from().toString()).put("to", w.to().toString())
          .put("calls", w.calls()).put("failed", w.failed()).put("shed", w.shed()).put("drops", w.drops())
          .put("dropRatio", w.dropRatio());
      ArrayNode ls = n.putArray("links");
      for (LinkWindow l : w.links()) {
        ls.addObject().put("plane", l.plane()).put("slice", l.slice()).put("answered", l.answered())
            .put("lost", l.lost()).put("lossRatio", l.lossRatio()).put("meanRttMillis", l.meanRttMillis())
            .put("jitterMillis", l.jitterMillis()).put("planeDrops", l.planeDrops());
      }
    }
    ArrayNode cs = o.putArray("correlations");
    for (Correlation c : correlations) {
      ObjectNode n = cs.addObject().put("plane", c.plane()).put("slice", c.slice()).put("windows", c.windows());
      putFigure(n, "lossVsDrops", c.lossVsDrops());
      putFigure(n, "jitterVsDrops", c.jitterVsDrops());
    }
    return new String(PlaneJson.write(o), StandardCharsets.UTF_8);
  }

  private static void putFigure(ObjectNode n, String name, double r) {
    if (Double.isNaN(r)) {
      n.putNull(name);
    } else {
      n.put(name, r);
    }
  }
}
