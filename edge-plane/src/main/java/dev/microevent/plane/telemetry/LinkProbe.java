package dev.microevent.plane.telemetry;

import dev.microevent.core.time.Ticker;
import dev.microevent.plane.telemetry.internal.Rfc3550Jitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An active probe of one link (a plane, over one slice): every {@link Builder#interval} it sends a
 * small request to the plane's probe endpoint ({@code GET /telemetry/v1/probe} on an edge plane
 * with telemetry, or any URL that answers fast) without waiting for the previous one, and measures
 * round-trip time, loss (no answer within {@link Builder#timeout}) and the RFC 3550 interarrival
 * jitter of the round-trip times. With a registry it exports {@code microevent.link.rtt} (timer),
 * {@code microevent.link.jitter} (seconds), {@code microevent.link.loss} (ratio of the recent window)
 * and {@code microevent.link.probes} (counter, {@code result=answered|lost}), tagged {@code plane}
 * and {@code slice}.
 *
 * <pre>{@code
 * try (LinkProbe probe = LinkProbe.builder().plane("edge-1").slice("embb")
 *     .target(URI.create("http://10.0.0.2:8080/telemetry/v1/probe")).meterRegistry(registry).start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Per slice: give each slice its own probe whose target is reached over that slice (its address
 * or proxy). Thread-safe.
 */
public final class LinkProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinkProbe.class);
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

  private final String plane;
  private final String slice;
  private final URI target;
  private final Duration timeout;
  private final Ticker ticker;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final Object lock = new Object();
  private final boolean[] windowLost;
  private final long[] windowRtt;
  private int windowNext;
  private int windowSize;
  private long sent;
  private long answered;
  private long lost;
  private final Rfc3550Jitter jitter = new Rfc3550Jitter();
  /** Who hears of every finished probe ({@link LinkExperience}). */
  private final List<Observer> observers = new CopyOnWriteArrayList<>();

  /** Hears of every finished probe, on the thread that finished it. */
  interface Observer {
    /**
     * One probe finished.
     *
     * @param answered whether it was answered in time
     * @param rttNanos its round trip (meaningful when answered)
     */
    void probed(boolean answered, long rttNanos);
  }

  private final @Nullable Timer rtt;
  private final @Nullable Counter answeredCounter;
  private final @Nullable Counter lostCounter;

  private LinkProbe(Builder b) {
    this.plane = Objects.requireNonNull(b.plane, "plane is required");
    this.slice = b.slice;
    this.target = Objects.requireNonNull(b.target, "target is required");
    this.timeout = b.timeout;
    this.ticker = b.ticker;
    this.windowLost = new boolean[b.window];
    this.windowRtt = new long[b.window];
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "link-probe-" + plane + "-" + slice);
      t.setDaemon(true);
      return t;
    });
    // the client's own daemon threads: probes in flight still finish (answered or timed out) after close()
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    MeterRegistry registry = b.registry;
    if (registry != null) {
      Tags tags = Tags.of("plane", plane, "slice", slice);
      rtt = Timer.builder("microevent.link.rtt").tags(tags).description("round-trip time of link probes")
          .register(registry);
      answeredCounter = Counter.builder("microevent.link.probes").tags(tags).tag("result", "answered")
          .register(registry);
      lostCounter = Counter.builder("microevent.link.probes").tags(tags).tag("result", "lost").register(registry);
      Gauge.builder("microevent.link.jitter", this, p -> p.stats().jitterMillis() / 1000.0).tags(tags)
          .baseUnit("seconds").description("RFC 3550 interarrival jitter of the round-trip times").register(registry);
      Gauge.builder("microevent.link.loss", this, p -> p.stats().lossRatio()).tags(tags)
          .description("share of recent probes not answered in time").register(registry);
    } else {
      rtt = null;
      answeredCounter = null;
      lostCounter = null;
    }
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Sends one probe now (the scheduler calls this every interval). */
  public void probeOnce() {
    if (closed.get()) {
      return;
    }
    synchronized (lock) {
      sent++;
    }
    long start = ticker.read();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET()
        .header("Cache-Control", "no-store").build();
    var unused = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      long took = ticker.read() - start;
      boolean ok = failure == null && response.statusCode() < 500 && took <= timeout.toNanos();
      finish(ok, took);
    });
  }

  private void finish(boolean ok, long rttNanos) {
    synchronized (lock) {
      if (ok) {
        answered++;
        jitter.add(rttNanos);
      } else {
        lost++;
      }
      windowLost[windowNext] = !ok;
      windowRtt[windowNext] = ok ? rttNanos : 0;
      windowNext = (windowNext + 1) % windowLost.length;
      windowSize = Math.min(windowSize + 1, windowLost.length);
    }
    for (Observer o : observers) {
      o.probed(ok, rttNanos);
    }
    if (ok && rtt != null && answeredCounter != null) {
      rtt.record(rttNanos, TimeUnit.NANOSECONDS);
      answeredCounter.increment();
    } else if (!ok && lostCounter != null) {
      lostCounter.increment();
    }
  }

  void observe(Observer observer) {
    observers.add(observer);
  }

  /** The plane's id, as tagged. */
  String plane() {
    return plane;
  }

  /** The slice, as tagged. */
  String slice() {
    return slice;
  }

  /** {@return what was measured so far} */
  public LinkStats stats() {
    synchronized (lock) {
      int lostInWindow = 0;
      long rttSum = 0;
      int answeredInWindow = 0;
      for (int i = 0; i < windowSize; i++) {
        if (windowLost[i]) {
          lostInWindow++;
        } else {
          rttSum += windowRtt[i];
          answeredInWindow++;
        }
      }
      return new LinkStats(sent, answered, lost, windowSize == 0 ? 0 : (double) lostInWindow / windowSize,
          answeredInWindow == 0 ? 0 : rttSum / 1e6 / answeredInWindow, jitter.nanos() / 1e6);
    }
  }

  /** Stops probing (probes in flight finish or time out on their own). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      scheduler.shutdownNow();
    }
  }

  /** Builds and starts a {@link LinkProbe}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String plane;
    private String slice = "default";
    private @Nullable URI target;
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(1);
    private int window = 100;
    private @Nullable MeterRegistry registry;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * The plane's id; required. A tag value.
     *
     * @param id a short token
     * @return this builder
     */
    public Builder plane(String id) {
      this.plane = token(id, "plane");
      return this;
    }

    /**
     * The slice the probe goes over; default {@code default}. A tag value.
     *
     * @param name a short token
     * @return this builder
     */
    public Builder slice(String name) {
      this.slice = token(name, "slice");
      return this;
    }

    private static String token(String v, String what) {
      Objects.requireNonNull(v, what);
      if (!TOKEN.matcher(v).matches()) {
        throw new IllegalArgumentException(what + " must match " + TOKEN.pattern() + ", got '" + v + "'");
      }
      return v;
    }

    /**
     * What to probe; required.
     *
     * @param uri an absolute http(s) URI that answers quickly
     * @return this builder
     */
    public Builder target(URI uri) {
      Objects.requireNonNull(uri, "uri");
      if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("the target must be an absolute http(s) URI, got " + uri);
      }
      this.target = uri;
      return this;
    }

    /**
     * How often a probe is sent; default 1 s.
     *
     * @param interval at least 1 ms
     * @return this builder
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * How long a probe may take before it counts as lost; default 1 s.
     *
     * @param timeout at least 1 ms
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How many recent probes the loss ratio and the mean round trip are computed over; default 100.
     *
     * @param probes 1 to 100,000
     * @return this builder
     */
    public Builder window(int probes) {
      if (probes < 1 || probes > 100_000) {
        throw new IllegalArgumentException("window must be within 1..100000, got " + probes);
      }
      this.window = probes;
      return this;
    }

    /**
     * Where the {@code microevent.link.*} meters go; default none.
     *
     * @param registry the registry; the app owns it
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * What round-trip times are measured on; default {@link Ticker#system()}. The probe talks to a
     * real network, so only a test that also controls when answers complete has a reason to hand
     * in another (a {@link dev.microevent.core.time.VirtualTime}, say).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Starts probing every interval.
     *
     * @return the running probe; close it when done
     */
    public LinkProbe start() {
      LinkProbe p = new LinkProbe(this);
      var unused = p.scheduler.scheduleAtFixedRate(() -> {
        try {
          p.probeOnce();
        } catch (RuntimeException e) {
          log.warn("link probe of {} failed to send; the next one tries again: {}", p.plane, e.toString());
        }
      }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
      return p;
    }

    /**
     * Builds the probe without starting its timer: call {@link LinkProbe#probeOnce()} yourself.
     *
     * @return the probe; close it when done
     */
    public LinkProbe build() {
      return new LinkProbe(this);
    }
  }
}
