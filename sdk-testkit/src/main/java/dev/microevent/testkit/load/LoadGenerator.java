package dev.microevent.testkit.load;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.time.Ticker;
import dev.microevent.testkit.replay.TrafficRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import org.jspecify.annotations.Nullable;

/**
 * An open-model load generator and traffic replayer. Requests are released at their scheduled
 * times (a {@link LoadProfile}, or a traffic file's offsets divided by a speed factor) whatever
 * the target does: a target that stalls gets more requests in flight, not fewer arrivals. Each
 * request's latency is measured from its intended start, so a stall shows up in the high
 * percentiles of every request that queued behind it (coordinated omission corrected).
 *
 * <pre>{@code
 * LoadReport report = LoadGenerator.builder()
 *     .target(LoadTarget.of(client))
 *     .profile(LoadProfile.constant(100, Duration.ofSeconds(10)))
 *     .request(Intent.READ, EdgeRequest.get("/v1/catalog"), 9)
 *     .request(Intent.PAYMENT, checkout, 1)
 *     .build()
 *     .run();
 *
 * LoadReport replay = LoadGenerator.builder()
 *     .target(LoadTarget.of(client))
 *     .replay(TrafficFile.read(Path.of("demo.ndjson")), 10.0)   // ten times faster
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Each {@link #run()} blocks until the schedule is done and every request finished (or the
 * drain timeout passed). A generator is immutable and can run many times, but not concurrently
 * with itself on one target if the numbers are to mean anything. Worker threads are created per
 * run, up to {@link Builder#maxConcurrency}, and stopped at its end: requests still running when the
 * drain timeout passes are counted {@code unfinished} and their workers interrupted (a worker
 * inside a call that ignores interruption ends when that call returns, e.g. at the client's timeout).
 */
public final class LoadGenerator {
  private final LoadTarget target;
  private final Duration scheduled;
  private final String description;
  private final ScheduleFactory schedule;
  private final int maxConcurrency;
  private final Duration drainTimeout;
  private final Clock clock;

  @FunctionalInterface
  private interface ScheduleFactory {
    Iterator<OpenLoopRunner.Arrival> arrivals();
  }

  private LoadGenerator(Builder b, LoadTarget target, Duration scheduled, String description,
      ScheduleFactory schedule) {
    this.target = target;
    this.scheduled = scheduled;
    this.description = description;
    this.schedule = schedule;
    this.maxConcurrency = b.maxConcurrency;
    this.drainTimeout = b.drainTimeout;
    this.clock = b.clock;
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return how long the schedule lasts} */
  public Duration scheduledDuration() {
    return scheduled;
  }

  /**
   * Runs the schedule against the target and waits for the end.
   *
   * @return what happened
   */
  public LoadReport run() {
    // Load runs in real time: arrivals are due on the system ticker, and workers park until then.
    return new OpenLoopRunner(target, maxConcurrency, drainTimeout, clock, Ticker.system(), scheduled)
        .run(schedule.arrivals(), scheduled, description);
  }

  private record Weighted(Intent intent, EdgeRequest request, int weight) {}

  private static Iterator<OpenLoopRunner.Arrival> mix(PrimitiveIterator.OfLong offsets, List<Weighted> requests) {
    int total = requests.stream().mapToInt(Weighted::weight).sum();
    Weighted[] wheel = new Weighted[total];
    // Smooth weighted round robin: spreads the heavy requests evenly instead of in runs.
    int[] current = new int[requests.size()];
    for (int slot = 0; slot < total; slot++) {
      int best = 0;
      for (int i = 0; i < requests.size(); i++) {
        current[i] += requests.get(i).weight();
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      wheel[slot] = requests.get(best);
    }
    return new Iterator<>() {
      private long n;

      @Override
      public boolean hasNext() {
        return offsets.hasNext();
      }

      @Override
      public OpenLoopRunner.Arrival next() {
        if (!offsets.hasNext()) {
          throw new NoSuchElementException();
        }
        Weighted w = wheel[(int) (n++ % total)];
        return new OpenLoopRunner.Arrival(offsets.nextLong(), w.intent, w.request);
      }
    };
  }

  /** Builds a {@link LoadGenerator}. Not thread-safe. */
  public static final class Builder {
    private @Nullable LoadTarget target;
    private @Nullable LoadProfile profile;
    private final List<Weighted> requests = new ArrayList<>();
    private @Nullable List<TrafficRecord> traffic;
    private double speed;
    private int maxConcurrency = 1024;
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Where requests go. Required.
     *
     * @param target the target, e.g. {@link LoadTarget#of}
     * @return this builder
     */
    public Builder target(LoadTarget target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Generates arrivals from a rate profile; give the requests with {@link #request}.
     *
     * @param profile the arrival rate over time
     * @return this builder
     */
    public Builder profile(LoadProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Adds a request to the mix with weight 1.
     *
     * @param intent its intent
     * @param request the request (sent as is each time)
     * @return this builder
     */
    public Builder request(Intent intent, EdgeRequest request) {
      return request(intent, request, 1);
    }

    /**
     * Adds a request to the mix. Requests are interleaved deterministically by weight (weights 9
     * and 1: nine of one for each of the other, evenly spread).
     *
     * @param intent its intent
     * @param request the request
     * @param weight 1..1000
     * @return this builder
     */
    public Builder request(Intent intent, EdgeRequest request, int weight) {
      if (weight < 1 || weight > 1000) {
        throw new IllegalArgumentException("weight must be 1..1000, got " + weight);
      }
      requests.add(new Weighted(Objects.requireNonNull(intent, "intent"), Objects.requireNonNull(request, "request"),
          weight));
      return this;
    }

    /**
     * Replays recorded traffic instead of a profile: each record is sent at its offset divided by
     * the speed factor.
     *
     * @param traffic the records (any order; sorted by offset)
     * @param speed 1 for real time, 10 for ten times faster; 0.01..1000
     * @return this builder
     */
    public Builder replay(List<TrafficRecord> traffic, double speed) {
      Objects.requireNonNull(traffic, "traffic");
      if (!(speed >= 0.01 && speed <= 1000)) {
        throw new IllegalArgumentException("speed must be within 0.01..1000, got " + speed);
      }
      this.traffic = List.copyOf(traffic);
      this.speed = speed;
      return this;
    }

    /**
     * Most requests in flight at once (worker threads); default 1024. Arrivals beyond it wait in a
     * queue and the wait counts in their latency. Size it above rate times worst latency.
     *
     * @param max 1..10,000
     * @return this builder
     */
    public Builder maxConcurrency(int max) {
      if (max < 1 || max > 10_000) {
        throw new IllegalArgumentException("maxConcurrency must be 1..10000, got " + max);
      }
      this.maxConcurrency = max;
      return this;
    }

    /**
     * How long to wait after the last arrival for requests in flight; default 30 s. Requests
     * still running then are counted as {@code unfinished} failures.
     *
     * @param timeout positive duration
     * @return this builder
     */
    public Builder drainTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (!(timeout.compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException("drainTimeout must be positive, got " + timeout);
      }
      this.drainTimeout = timeout;
      return this;
    }

    /**
     * The clock for the report's start time; default system UTC. Intervals always use the
     * monotonic {@link Ticker#system()}: load runs in real time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws IllegalStateException if the target, or both or neither of profile and replay, or
     *     the requests of a profile are missing
     */
    public LoadGenerator build() {
      LoadTarget t = target;
      if (t == null) {
        throw new IllegalStateException("set a target: target(LoadTarget.of(client))");
      }
      LoadProfile p = profile;
      List<TrafficRecord> recorded = traffic;
      if ((p == null) == (recorded == null)) {
        throw new IllegalStateException("set exactly one of profile(...) and replay(...)");
      }
      if (p != null) {
        if (requests.isEmpty()) {
          throw new IllegalStateException("a profile needs at least one request(...)");
        }
        List<Weighted> mix = List.copyOf(requests);
        return new LoadGenerator(this, t, p.duration(), p.toString(), () -> mix(p.arrivalOffsetsNanos(), mix));
      }
      if (!requests.isEmpty()) {
        throw new IllegalStateException("request(...) is for profiles; a replay sends the traffic's own requests");
      }
      List<TrafficRecord> sorted = new ArrayList<>(Objects.requireNonNull(recorded));
      sorted.sort(Comparator.comparing(TrafficRecord::offset));
      double factor = speed;
      List<OpenLoopRunner.Arrival> arrivals = new ArrayList<>(sorted.size());
      for (TrafficRecord r : sorted) {
        arrivals.add(new OpenLoopRunner.Arrival((long) (r.offset().toNanos() / factor), r.intent(), r.toRequest()));
      }
      long last = arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1).offsetNanos();
      Duration scheduled = Duration.ofNanos(Math.max(last + 1_000_000, 1_000_000));
      String what = String.format(Locale.ROOT, "replay of %d calls at %sx", sorted.size(), factor);
      List<OpenLoopRunner.Arrival> fixed = List.copyOf(arrivals);
      return new LoadGenerator(this, t, scheduled, what, fixed::iterator);
    }
  }
}
