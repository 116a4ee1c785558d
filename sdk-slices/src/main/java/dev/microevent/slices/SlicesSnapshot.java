package dev.microevent.slices;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.Instant;

/**
 * Every slice's status at one instant, the default network last.
 *
 * <pre>{@code
 * log.info("slices:\n{}", slices.snapshot().toTable());
 * }</pre>
 *
 * @param at when the snapshot was taken, on the client's clock
 * @param slices one status per slice, then the default network
 */
public record SlicesSnapshot(Instant at, List<SliceStatus> slices) {

  /**
   * Copies the list.
   *
   * @param at when the snapshot was taken, on the client's clock
   * @param slices one status per slice, then the default network
   */
  public SlicesSnapshot {
    Objects.requireNonNull(at, "at");
    slices = List.copyOf(slices);
  }

  /**
   * One slice's status.
   *
   * @param id the slice
   * @return its status, or empty for an unknown id
   */
  public Optional<SliceStatus> slice(SliceId id) {
    return slices.stream().filter(s -> s.slice().equals(id)).findFirst();
  }

  /**
   * A fixed-width text table, one line per slice: health, attempts per intent, failures,
   * latency, budget. Meant for logs and demos.
   *
   * @return the table, with a header line
   */
  public String toTable() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %-5s %9s %8s %9s %9s %8s %-6s %s%n",
        "slice", "state", "attempts", "failed", "p50 ms", "p99 ms", "budget", "alert", "by intent"));
    for (SliceStatus s : slices) {
      sb.append(String.format(Locale.ROOT, "%-12s %-5s %9d %8d %9.1f %9.1f %7.1f%% %-6s %s%n",
          s.slice().value(), s.health(), s.attempts(), s.failures(),
          s.p50().toNanos() / 1e6, s.p99().toNanos() / 1e6, s.budgetRemaining() * 100,
          s.alert().name().toLowerCase(Locale.ROOT), sorted(s.attemptsByIntent())));
    }
    return sb.toString();
  }

  private static String sorted(Map<String, Long> m) {
    return new java.util.TreeMap<>(m).toString();
  }
}
