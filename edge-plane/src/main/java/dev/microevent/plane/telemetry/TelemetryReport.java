package dev.microevent.plane.telemetry;

import dev.microevent.plane.telemetry.internal.ReportPages;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A venue's SLO figures over a time range, as {@link TelemetryReader#report} computed them, with
 * three renderings: a text {@link #table()}, {@link #json()} and an {@link #html()} page with
 * charts (inline SVG, no scripts, no outside resources).
 *
 * @param venue the venue
 * @param from the start, inclusive
 * @param to the end, exclusive
 * @param batches batches read
 * @param figures per intent and slice, by intent then slice
 */
public record TelemetryReport(String venue, Instant from, Instant to, int batches, List<SloFigures> figures) {

  /**
   * Copies the list.
   *
   * @param venue the venue
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param batches batches read
   * @param figures per intent and slice, by intent then slice
   */
  public TelemetryReport {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    figures = List.copyOf(figures);
  }

  /** {@return whether any intent or slice burns its error budget faster than its SLO allows} */
  public boolean breached() {
    return figures.stream().anyMatch(SloFigures::breached);
  }

  /** {@return the figures as a fixed-width text table} */
  public String table() {
    return ReportPages.table(this);
  }

  /** {@return the report as JSON} */
  public String json() {
    return ReportPages.json(this);
  }

  /** {@return the report as a self-contained HTML page with charts} */
  public String html() {
    return ReportPages.html(this);
  }
}
