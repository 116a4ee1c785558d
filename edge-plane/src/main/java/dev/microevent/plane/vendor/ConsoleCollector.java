package dev.microevent.plane.vendor;

import dev.microevent.plane.vendor.internal.ChromiumSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a vendor's JS-heavy console with a real headless Chromium (Debian {@code chromium} and
 * {@code chromium-driver}, through Selenium): each {@link #collect()} starts a fresh browser, logs
 * in with the {@link ConsoleSpec}'s form selectors, waits for each value to render, reads it,
 * and quits. With a registry the values become gauges {@code microevent.vendor.value} (tags {@code
 * console}, {@code value}), with {@code microevent.vendor.scrapes} (tag {@code result}) and {@code
 * microevent.vendor.up} (1 after a good scrape, 0 after a failed one).
 *
 * <pre>{@code
 * ConsoleCollector ups = ConsoleCollector.builder(ConsoleSpec.parse(Files.readString(specFile)))
 *     .credentials(ConsoleCredentials.fromEnvironment("UPS_USER", "UPS_PASSWORD"))
 *     .meterRegistry(registry).alerts(e -> log.warn("console down: {}", e.getMessage()))
 *     .build();
 * scheduler.scheduleWithFixedDelay(ups::collectQuietly, 0, 1, TimeUnit.MINUTES);
 * }</pre>
 *
 * <p>Failures are typed ({@link ConsoleLoginException}, {@link ConsoleLayoutException} naming the
 * selector that no longer matches, {@link ConsoleTimeoutException}, {@link
 * ConsoleBrowserException}), go to the alert listener, and never hang the caller: the whole scrape
 * is bounded by {@link Builder#deadline}, after which the browser's processes are killed. The
 * credentials never appear in logs or messages. Thread-safe; one scrape at a time.
 */
public final class ConsoleCollector {
  private static final Logger log = LoggerFactory.getLogger(ConsoleCollector.class);

  private final ConsoleSpec spec;
  private final ConsoleCredentials credentials;
  private final Path chromium;
  private final Path chromedriver;
  private final Path workDirectory;
  private final Duration pageTimeout;
  private final Duration valueTimeout;
  private final Duration deadline;
  private final Clock clock;
  private final @Nullable MeterRegistry registry;
  private final Consumer<ConsoleException> alerts;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
  private final Map<ConsoleException.Kind, Counter> failures = new EnumMap<>(ConsoleException.Kind.class);
  private final @Nullable Counter ok;
  private final AtomicInteger up = new AtomicInteger();
  private final Object scrape = new Object();

  static {
    SeleniumLogs.neverBelowInfo();
  }

  private ConsoleCollector(Builder b) {
    this.spec = b.spec;
    this.credentials = Objects.requireNonNull(b.credentials, "credentials are required");
    this.chromium = b.chromium;
    this.chromedriver = b.chromedriver;
    this.workDirectory = b.workDirectory;
    this.pageTimeout = b.pageTimeout;
    this.valueTimeout = b.valueTimeout;
    this.deadline = b.deadline;
    this.clock = b.clock;
    this.registry = b.registry;
    this.alerts = b.alerts;
    MeterRegistry r = b.registry;
    if (r != null) {
      ok = Counter.builder("microevent.vendor.scrapes").tag("console", spec.name()).tag("result", "ok").register(r);
      for (ConsoleException.Kind k : ConsoleException.Kind.values()) {
        failures.put(k, Counter.builder("microevent.vendor.scrapes").tag("console", spec.name())
            .tag("result", k.tag()).register(r));
      }
      Gauge.builder("microevent.vendor.up", up, AtomicInteger::get).tag("console", spec.name()).register(r);
    } else {
      ok = null;
    }
  }

  /**
   * A builder.
   *
   * @param spec what to read and how
   * @return a new builder; not thread-safe
   */
  public static Builder builder(ConsoleSpec spec) {
    return new Builder(Objects.requireNonNull(spec, "spec"));
  }

  /** {@return the console's spec} */
  public ConsoleSpec spec() {
    return spec;
  }

  /**
   * Scrapes the console once, within the deadline.
   *
   * @return the values read
   * @throws ConsoleException typed by cause, after the alert listener heard of it
   */
  public ConsoleReading collect() {
    synchronized (scrape) {
      try {
        ConsoleReading reading = scrapeWithin();
        reading.values().forEach((name, v) -> gauge(name).set(Double.doubleToLongBits(v)));
        up.set(1);
        if (ok != null) {
          ok.increment();
        }
        return reading;
      } catch (ConsoleException e) {
        up.set(0);
        Counter c = failures.get(e.kind());
        if (c != null) {
          c.increment();
        }
        log.warn("{}", e.getMessage());
        try {
          alerts.accept(e);
        } catch (RuntimeException listener) {
          log.warn("the alert listener of console {} failed: {}", spec.name(), listener.toString());
        }
        throw e;
      }
    }
  }

  /**
   * Scrapes once and swallows the failure (it was logged, counted and alerted): for schedulers,
   * whose tasks must not throw.
   */
  public void collectQuietly() {
    try {
      collect();
    } catch (ConsoleException e) {
      // logged, counted and alerted in collect()
    }
  }

  private AtomicLong gauge(String name) {
    return values.computeIfAbsent(name, n -> {
      AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
      MeterRegistry r = registry;
      if (r != null) {
        Gauge.builder("microevent.vendor.value", bits, a -> Double.longBitsToDouble(a.get()))
            .tag("console", spec.name()).tag("value", n).register(r);
      }
      return bits;
    });
  }

  private ConsoleReading scrapeWithin() {
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "console-" + spec.name());
      t.setDaemon(true);
      return t;
    });
    ChromiumSession session = new ChromiumSession(spec.name(), chromedriver, workDirectory);
    try {
      Future<Map<String, Double>> f = runner.submit(() -> {
        session.open(chromium, pageTimeout);
        session.login(spec, credentials, pageTimeout);
        return session.read(spec, pageTimeout, valueTimeout);
      });
      try {
        return new ConsoleReading(spec.name(), f.get(deadline.toMillis(), TimeUnit.MILLISECONDS), clock.instant());
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        session.kill();
        throw new ConsoleTimeoutException(spec.name(), "the scrape did not finish within " + deadline.toMillis()
            + " ms; the browser was stopped", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        session.kill();
        throw new ConsoleTimeoutException(spec.name(), "the scrape was interrupted; the browser was stopped", e);
      } catch (ExecutionException e) {
        // a failed scrape's browser may be stuck mid-navigation: end it rather than ask it to quit
        session.kill();
        Throwable cause = e.getCause();
        if (cause instanceof ConsoleException ce) {
          throw ce;
        }
        throw new ConsoleBrowserException(spec.name(), "the browser failed ("
            + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")", cause);
      }
    } finally {
      runner.shutdownNow();
      session.close();
    }
  }

  /** Builds a {@link ConsoleCollector}. Not thread-safe. */
  public static final class Builder {
    private final ConsoleSpec spec;
    private @Nullable ConsoleCredentials credentials;
    private Path chromium = Path.of("/usr/bin/chromium");
    private Path chromedriver = Path.of("/usr/bin/chromedriver");
    private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "microevent-consoles");
    private Duration pageTimeout = Duration.ofSeconds(15);
    private Duration valueTimeout = Duration.ofSeconds(10);
    private Duration deadline = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry registry;
    private Consumer<ConsoleException> alerts = e -> { };

    private Builder(ConsoleSpec spec) {
      this.spec = spec;
    }

    /**
     * The login; required.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(ConsoleCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The browser; default {@code /usr/bin/chromium} (Debian's {@code chromium}).
     *
     * @param executable the executable
     * @return this builder
     */
    public Builder chromium(Path executable) {
      this.chromium = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * The driver; default {@code /usr/bin/chromedriver} (Debian's {@code chromium-driver}). Given
     * explicitly, so Selenium never downloads one.
     *
     * @param executable the executable
     * @return this builder
     */
    public Builder chromedriver(Path executable) {
      this.chromedriver = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Where each scrape's browser profile and temp files go (removed after the scrape); default
     * {@code $TMPDIR/microevent-consoles}.
     *
     * @param dir a directory
     * @return this builder
     */
    public Builder workDirectory(Path dir) {
      this.workDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Longest a page load, the login, or one browser command may take; default 15 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder pageTimeout(Duration timeout) {
      this.pageTimeout = positive(timeout, "pageTimeout");
      return this;
    }

    /**
     * Longest to wait for one value to render; default 10 s. A value that has not appeared by
     * then is reported as a selector that no longer matches.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder valueTimeout(Duration timeout) {
      this.valueTimeout = positive(timeout, "valueTimeout");
      return this;
    }

    /**
     * Longest a whole scrape may take, browser start included; default 60 s. Past it the browser
     * is killed and {@link ConsoleTimeoutException} thrown.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder deadline(Duration timeout) {
      this.deadline = positive(timeout, "deadline");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * The clock that stamps readings; default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where the {@code microevent.vendor.*} meters go; default none.
     *
     * @param registry the registry; the app owns it
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Hears every failed scrape (after it was logged and counted); default none. Must be quick and
     * must not throw (a throwing listener is logged and skipped).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder alerts(Consumer<ConsoleException> listener) {
      this.alerts = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the collector (no browser starts until {@link #collect()}).
     *
     * @return the collector
     */
    public ConsoleCollector build() {
      return new ConsoleCollector(this);
    }
  }
}
