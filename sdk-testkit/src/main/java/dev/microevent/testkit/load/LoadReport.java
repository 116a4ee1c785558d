package dev.microevent.testkit.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one open-model run offered and saw. Latency is measured from each request's <em>intended</em>
 * start (corrected for coordinated omission); {@link #serviceTime()} is measured from the moment a
 * worker actually sent it, for comparison. Immutable and thread-safe.
 */
public final class LoadReport {
  private final String description;
  private final Instant startedAt;
  private final Duration scheduledDuration;
  private final Duration elapsed;
  private final long offered;
  private final long succeeded;
  private final long clientErrors;
  private final long failed;
  private final long unfinished;
  private final Map<String, Long> errorsByKind;
  private final LatencySummary latency;
  private final LatencySummary serviceTime;
  private final Duration maxDispatchLag;
  /** Generator lag per arrival in microseconds; never modified after construction. */
  private final Histogram generatorLag;
  private final int maxInFlight;
  private final Map<String, IntentLoad> byIntent;
  private final List<TimeSlice> timeline;

  LoadReport(String description, Instant startedAt, Duration scheduledDuration, Duration elapsed, long offered,
      long succeeded, long clientErrors, long failed, long unfinished, Map<String, Long> errorsByKind,
      LatencySummary latency, LatencySummary serviceTime, Duration maxDispatchLag, Histogram generatorLag,
      int maxInFlight,
      Map<String, IntentLoad> byIntent, List<TimeSlice> timeline) {
    this.description = description;
    this.startedAt = startedAt;
    this.scheduledDuration = scheduledDuration;
    this.elapsed = elapsed;
    this.offered = offered;
    this.succeeded = succeeded;
    this.clientErrors = clientErrors;
    this.failed = failed;
    this.unfinished = unfinished;
    this.errorsByKind = Map.copyOf(errorsByKind);
    this.latency = latency;
    this.serviceTime = serviceTime;
    this.maxDispatchLag = maxDispatchLag;
    this.generatorLag = generatorLag;
    this.maxInFlight = maxInFlight;
    this.byIntent = Map.copyOf(byIntent);
    this.timeline = List.copyOf(timeline);
  }

  /** {@return what was run, e.g. the profile or the traffic file and speed} */
  public String description() {
    return description;
  }

  /** {@return when the first arrival was due, on the generator's clock} */
  public Instant startedAt() {
    return startedAt;
  }

  /** {@return how long the schedule lasted} */
  public Duration scheduledDuration() {
    return scheduledDuration;
  }

  /** {@return how long the run took, until the last request finished or the drain timeout passed} */
  public Duration elapsed() {
    return elapsed;
  }

  /** {@return requests offered (dispatched at their intended time)} */
  public long offered() {
    return offered;
  }

  /** {@return requests that succeeded} */
  public long succeeded() {
    return succeeded;
  }

  /** {@return requests refused for their own fault (4xx other than 408 and 429)} */
  public long clientErrors() {
    return clientErrors;
  }

  /** {@return requests that failed otherwise (unfinished ones included)} */
  public long failed() {
    return failed;
  }

  /** {@return requests still running when the drain timeout passed (counted as failed, kind {@code unfinished})} */
  public long unfinished() {
    return unfinished;
  }

  /**
   * Failures by kind: the exception's simple class name, with the error code (for HTTP the status) of an
   * {@code SdkServiceException} or the reason of a {@code NoRouteException} or {@code
   * CallRejectedException} (e.g. {@code "SdkServiceException 503"}, {@code "NoRouteException
   * FAILOVER_CAPACITY"}), or {@code "unfinished"}.
   *
   * @return the count of failed requests per kind, e.g. {@code "SdkServiceException 503"} or {@code
   *     "unfinished"}
   */
  public Map<String, Long> errorsByKind() {
    return errorsByKind;
  }

  /**
   * Latency from the intended start, over every request.
   *
   * @return the latency summary measured from each request's intended start (coordinated omission
   *     corrected)
   */
  public LatencySummary latency() {
    return latency;
  }

  /**
   * Time from the actual send to the end: what a closed-loop tool would have reported.
   *
   * @return the latency summary measured from each request's actual send
   */
  public LatencySummary serviceTime() {
    return serviceTime;
  }

  /** {@return the largest delay between an arrival's intended time and its dispatch: the generator's own lag} */
  public Duration maxDispatchLag() {
    return maxDispatchLag;
  }

  /**
   * {@return the generator's own lag: how late each arrival was handed to a worker free to send it,
   * after its intended time (a starved or overloaded test machine)} Every latency measured from the
   * intended start includes it, and it bunches arrivals together. An arrival that waited because
   * all {@code maxConcurrency} workers were busy counts only its dispatch: that wait is the
   * target's backlog, measured in its latency.
   */
  public LatencySummary generatorLag() {
    return OpenLoopRunner.summary(generatorLag);
  }

  /**
   * How many arrivals the generator handed over more than a given time after their intended time
   * (to within 0.1 %; see {@link #generatorLag()}).
   *
   * @param lag the tolerated lag, zero or more
   * @return how many arrivals were later
   */
  public long lateArrivals(Duration lag) {
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag must be zero or more, got " + lag);
    }
    long micros = Math.max(1, Math.min(generatorLag.getHighestTrackableValue(), TimeUnit.NANOSECONDS.toMicros(
        lag.toNanos())));
    return generatorLag.getTotalCount() - generatorLag.getCountBetweenValues(0, micros);
  }

  /** {@return the most requests in flight at once} */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Per intent, by name.
   *
   * @return the per-intent load, keyed by intent name
   */
  public Map<String, IntentLoad> byIntent() {
    return byIntent;
  }

  /** {@return the run in slices by intended start time (about 120 slices, at least 100 ms each)} */
  public List<TimeSlice> timeline() {
    return timeline;
  }

  /**
   * Offered requests per second of schedule.
   *
   * @return requests the schedule offered, divided by its duration in seconds
   */
  public double offeredRate() {
    return offered / seconds(scheduledDuration);
  }

  /**
   * Finished requests per second of the run.
   *
   * @return requests that finished (succeeded, client errors and failed), divided by the run's
   *     elapsed seconds
   */
  public double throughput() {
    return (succeeded + clientErrors + failed) / seconds(elapsed);
  }

  /** {@return share of requests that failed (client errors excluded), 0..1} */
  public double errorRate() {
    return offered == 0 ? 0 : (double) failed / offered;
  }

  private static double seconds(Duration d) {
    return Math.max(1e-9, d.toNanos() / 1e9);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s: offered %d (%.1f/s) in %.2fs, throughput %.1f/s, ok %d, client errors %d, failed %d (unfinished %d),"
            + " errors %s, latency %s, service time %s, max dispatch lag %.1fms, max in flight %d",
        description, offered, offeredRate(), seconds(elapsed), throughput(), succeeded, clientErrors, failed,
        unfinished, errorsByKind, latency, serviceTime, maxDispatchLag.toNanos() / 1e6, maxInFlight);
  }
}
