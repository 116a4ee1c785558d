package dev.microevent.plane.telemetry.internal;

import dev.microevent.plane.telemetry.SloFigures;
import dev.microevent.plane.telemetry.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Aggregates batches into per intent and per slice figures. Counts add up exactly; a kept span
 * stands for as many calls as its weight, calibrated per batch: the head-sampled successes of an
 * intent and slice share the batch's count of successes not kept for being slow, so the weights of
 * a group add up to its exact count. Not thread-safe.
 */
public final class WeightedGroups {
  /** Every slice of an intent. */
  public static final String ALL_SLICES = "*";

  private final Map<String, Group> groups = new TreeMap<>();

  private static final class Group {
    final long[] seen = new long[Counts.OUTCOMES.size()];
    double[] millis = new double[64];
    double[] weights = new double[64];
    int n;
    final Map<String, Long> errors = new HashMap<>();

    void add(double ms, double w) {
      if (n == millis.length) {
        millis = Arrays.copyOf(millis, n * 2);
        weights = Arrays.copyOf(weights, n * 2);
      }
      millis[n] = ms;
      weights[n] = w;
      n++;
    }
  }

  private Group group(String intent, String slice) {
    return groups.computeIfAbsent(intent + "\u0000" + slice, k -> new Group());
  }

  /**
   * Starts a batch.
   *
   * @return a new, empty batch; {@link Batch#close()} adds it to the groups
   */
  public Batch batch() {
    return new Batch();
  }

  /** One batch being read: its counts, then its spans; {@link #close()} adds it. */
  public final class Batch {
    private final Map<String, long[]> successes = new HashMap<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    private Batch() {}

    /**
     * Adds a count cell.
     *
     * @param c the cell
     */
    public void count(Counts.Cell c) {
      int i = Counts.OUTCOMES.indexOf(c.outcome());
      if (i < 0) {
        i = Counts.OUTCOMES.size() - 1;
      }
      group(c.intent(), c.slice()).seen[i] += c.seen();
      group(c.intent(), ALL_SLICES).seen[i] += c.seen();
      if (i == 0) {
        successes.computeIfAbsent(c.intent() + "\u0000" + c.slice(), k -> new long[1])[0] += c.seen();
      }
    }

    /**
     * Adds a kept span.
     *
     * @param s the span
     * @param weight its recorded weight
     */
    public void span(Span s, double weight) {
      spans.add(s);
      weights.add(weight);
    }

    /** Calibrates the head-sampled weights and adds the spans to their groups. */
    public void close() {
      Map<String, long[]> slowAndHead = new HashMap<>();
      for (int i = 0; i < spans.size(); i++) {
        Span s = spans.get(i);
        if (s.succeeded()) {
          long[] sh = slowAndHead.computeIfAbsent(s.intent() + "\u0000" + s.slice(), k -> new long[2]);
          sh[weights.get(i) > 1 ? 1 : 0]++;
        }
      }
      for (int i = 0; i < spans.size(); i++) {
        Span s = spans.get(i);
        double w = weights.get(i);
        String key = s.intent() + "\u0000" + s.slice();
        long[] seenSuccess = successes.get(key);
        long[] sh = slowAndHead.get(key);
        if (s.succeeded() && w > 1 && seenSuccess != null && sh != null && sh[1] > 0) {
          w = Math.max(1.0, (double) (seenSuccess[0] - sh[0]) / sh[1]);
        }
        double ms = s.durationNanos() / 1e6;
        for (Group g : new Group[] {group(s.intent(), s.slice()), group(s.intent(), ALL_SLICES)}) {
          g.add(ms, w);
          if (!s.succeeded()) {
            g.errors.merge(s.errorClass(), Math.round(w), Long::sum);
          }
        }
      }
    }
  }

  /**
   * The figures of every group, by intent then slice; an intent's {@code *} group only when it has
   * more than one slice.
   *
   * @param target the SLO target of an intent
   * @return the figures
   */
  public List<SloFigures> figures(ToDoubleFunction<String> target) {
    Map<String, Integer> slices = new HashMap<>();
    for (String k : groups.keySet()) {
      String[] parts = k.split("\u0000", 2);
      if (!parts[1].equals(ALL_SLICES)) {
        slices.merge(parts[0], 1, Integer::sum);
      }
    }
    List<SloFigures> out = new ArrayList<>();
    groups.forEach((k, g) -> {
      String[] parts = k.split("\u0000", 2);
      if (parts[1].equals(ALL_SLICES) && slices.getOrDefault(parts[0], 0) <= 1) {
        return;
      }
      long calls = 0;
      long eligible = 0;
      long bad = 0;
      for (int i = 0; i < g.seen.length; i++) {
        String outcome = Counts.OUTCOMES.get(i);
        calls += g.seen[i];
        if (Counts.eligible(outcome)) {
          eligible += g.seen[i];
        }
        if (Counts.bad(outcome)) {
          bad += g.seen[i];
        }
      }
      double t = target.applyAsDouble(parts[0]);
      double availability = eligible == 0 ? 1.0 : (double) (eligible - bad) / eligible;
      double burn = eligible == 0 ? 0.0 : ((double) bad / eligible) / (1 - t);
      Map<String, Long> errors = new LinkedHashMap<>();
      g.errors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey())).forEach(e -> errors.put(e.getKey(), e.getValue()));
      out.add(new SloFigures(parts[0], parts[1], calls, eligible, bad, t, availability, burn,
          quantile(g, 0.50), quantile(g, 0.99), errors, g.n));
    });
    return out;
  }

  /**
   * The weighted quantile: the smallest duration whose cumulative weight reaches {@code q} of the
   * total.
   */
  static double quantile(Group g, double q) {
    if (g.n == 0) {
      return 0;
    }
    Integer[] order = new Integer[g.n];
    for (int i = 0; i < g.n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(g.millis[a], g.millis[b]));
    double total = 0;
    for (int i = 0; i < g.n; i++) {
      total += g.weights[i];
    }
    double cum = 0;
    for (Integer i : order) {
      cum += g.weights[i];
      if (cum >= q * total) {
        return g.millis[i];
      }
    }
    return g.millis[order[g.n - 1]];
  }
}
