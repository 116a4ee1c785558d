package dev.microevent.testkit.rehearsal;

import dev.microevent.testkit.TestkitException;
import dev.microevent.testkit.internal.RehearsalReports;
import dev.microevent.testkit.load.LoadReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a rehearsal saw, with its verdict, ready to be written as JSON (for machines and CI)
 * and as a self-contained one-page HTML report (for people: the verdict, the settings noted, the
 * objectives, traffic per intent, latency over time, errors, route share edge/central, failover
 * moments and fault steps; no scripts, no network). Immutable and thread-safe.
 *
 * <pre>{@code
 * RehearsalResult result = rehearsal.run();
 * result.writeHtml(Path.of("target/rehearsal.html"));
 * result.writeJson(Path.of("target/rehearsal.json"));
 * assertThat(result.verdict().passed()).as(result.verdict().toString()).isTrue();
 * }</pre>
 */
public final class RehearsalResult {
  private final String name;
  private final Instant startedAt;
  private final String traffic;
  private final double speed;
  private final Map<String, String> settings;
  private final String warmUp;
  private final Verdict verdict;
  private final LoadReport load;
  private final List<RouteSlice> routes;
  private final List<Marker> markers;

  RehearsalResult(String name, Instant startedAt, String traffic, double speed, Map<String, String> settings,
      String warmUp, Verdict verdict, LoadReport load, List<RouteSlice> routes, List<Marker> markers) {
    this.name = name;
    this.startedAt = startedAt;
    this.traffic = traffic;
    this.speed = speed;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.warmUp = warmUp;
    this.verdict = verdict;
    this.load = load;
    this.routes = List.copyOf(routes);
    this.markers = List.copyOf(markers);
  }

  /** {@return the rehearsal's name} */
  public String name() {
    return name;
  }

  /** {@return when it started} */
  public Instant startedAt() {
    return startedAt;
  }

  /** {@return what traffic was run, e.g. {@code "replay of 2700 calls at 10.0x"}} */
  public String traffic() {
    return traffic;
  }

  /** {@return the replay speed factor, 1 for generated load} */
  public double speed() {
    return speed;
  }

  /** {@return the settings noted with {@link Rehearsal.Builder#setting}, in the order given} */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * {@return how the client was warmed up before the measured run, e.g. {@code "1350 calls of the
   * traffic's mix in 1 round of 2.0 s, ramping up to 900/s"}, or {@code "none"}; the warm-up is
   * neither judged nor charted}
   */
  public String warmUp() {
    return warmUp;
  }

  /** {@return the verdict against the objectives} */
  public Verdict verdict() {
    return verdict;
  }

  /** {@return the load report: offered, throughput, errors by kind, latency percentiles, timeline} */
  public LoadReport load() {
    return load;
  }

  /**
   * Route share per slice, aligned with {@code load().timeline()}.
   *
   * @return one route share per timeline slice, in the same order as {@code load().timeline()}
   */
  public List<RouteSlice> routes() {
    return routes;
  }

  /**
   * Fault steps, failovers and failbacks, by time.
   *
   * @return the fault steps, failovers and failbacks, oldest first
   */
  public List<Marker> markers() {
    return markers;
  }

  /** {@return the report as JSON text} */
  public String toJson() {
    return RehearsalReports.json(this);
  }

  /** {@return the report as a self-contained HTML page} */
  public String toHtml() {
    return RehearsalReports.html(this);
  }

  /**
   * Writes the JSON report.
   *
   * @param file the file (replaced; parent folders are created)
   * @return the file
   * @throws TestkitException if it cannot be written
   */
  public Path writeJson(Path file) {
    return write(file, toJson());
  }

  /**
   * Writes the HTML report.
   *
   * @param file the file (replaced; parent folders are created)
   * @return the file
   * @throws TestkitException if it cannot be written
   */
  public Path writeHtml(Path file) {
    return write(file, toHtml());
  }

  private static Path write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TestkitException("cannot write rehearsal report " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Rehearsal '" + name + "': " + verdict + "; " + load;
  }
}
