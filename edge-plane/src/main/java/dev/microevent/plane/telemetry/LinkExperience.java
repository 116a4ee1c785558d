package dev.microevent.plane.telemetry;

import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what the {@link LinkProbe}s measured next to the session drops of the same window: per
 * window, each probed link's loss, round trip and RFC 3550 jitter, beside the app's calls that
 * failed or were shed (from the SDK, through {@link #callListener()}), and per link the correlation
 * of its loss and of its jitter with the share of calls dropped, over the windows kept ({@link
 * #summary()}, as text and JSON). A window is what finished between two {@link #closeWindow()}s
 * (every {@link Builder#window} once {@link Builder#start() started}); probes and calls land in the
 * window open when they finish.
 *
 * <pre>{@code
 * try (LinkProbe probe = LinkProbe.builder().plane("edge-1").slice("embb").target(probeUri).start();
 *     LinkExperience experience = LinkExperience.builder().addProbe(probe).window(Duration.ofSeconds(10))
 *         .meterRegistry(registry).start()) {
 *   MicroEventClient client = MicroEventClient.builder()...addCallListener(experience.callListener()).build();
 *   ...
 *   System.out.print(experience.summary().table());
 * }
 * }</pre>
 *
 * <p>With a registry it exports {@code microevent.link.drops.correlation} (gauge, Pearson's r of the
 * link's loss with the drop share over the windows kept, {@code NaN} until it is defined), tagged
 * {@code plane}, {@code slice} and {@code of=loss|jitter}, and {@code microevent.session.drops}
 * (gauge, calls failed or shed in the last closed window). Thread-safe.
 */
public final class LinkExperience implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinkExperience.class);

  private final Clock clock;
  private final Duration window;
  private final int maxWindows;
  private final List<Link> links;
  private final Object lock = new Object();
  private final Deque<ExperienceSummary.Window> closed = new ArrayDeque<>();
  private Instant openedAt;
  private long calls;
  private long failed;
  private long shed;
  private long lastDrops;
  private final @Nullable ScheduledExecutorService scheduler;
  private final CallListener listener = new CallListener() {
    @Override
    public void onCall(CallEvent event) {
      record(event);
    }
  };

  /** One probed link and what finished on it in the open window. Guarded by {@link #lock}. */
  private static final class Link {
    final LinkProbe probe;
    long answered;
    long lost;
    long rttNanos;
    long planeDrops;

    Link(LinkProbe probe) {
      this.probe = probe;
    }
  }

  private LinkExperience(Builder b, boolean start) {
    this.clock = b.clock;
    this.window = b.window;
    this.maxWindows = b.maxWindows;
    this.openedAt = clock.instant();
    List<Link> ls = new ArrayList<>();
    for (LinkProbe p : b.probes) {
      Link l = new Link(p);
      ls.add(l);
      p.observe((ok, rttNanos) -> probed(l, ok, rttNanos));
    }
    this.links = List.copyOf(ls);
    MeterRegistry registry = b.registry;
    if (registry != null) {
      for (Link l : links) {
        Tags tags = Tags.of("plane", l.probe.plane(), "slice", l.probe.slice());
        Gauge.builder("microevent.link.drops.correlation", this, e -> e.correlation(l, true)).tags(tags)
            .tag("of", "loss").description("Pearson's r of the link's loss with the share of calls dropped, per window")
            .register(registry);
        Gauge.builder("microevent.link.drops.correlation", this, e -> e.correlation(l, false)).tags(tags)
            .tag("of", "jitter")
            .description("Pearson's r of the link's jitter with the share of calls dropped, per window")
            .register(registry);
      }
      Gauge.builder("microevent.session.drops", this, LinkExperience::lastDrops)
          .description("calls failed or shed in the last closed window").register(registry);
    }
    if (start) {
      ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "link-experience");
        t.setDaemon(true);
        return t;
      });
      var unused = s.scheduleAtFixedRate(() -> {
        try {
          closeWindow();
        } catch (RuntimeException e) {
          log.warn("closing an experience window failed; the next one tries again: {}", e.toString());
        }
      }, window.toNanos(), window.toNanos(), TimeUnit.NANOSECONDS);
      this.scheduler = s;
    } else {
      this.scheduler = null;
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

  /**
   * The listener to add to the SDK client ({@code MicroEventClient.Builder.addCallListener}): each
   * finished call counts in the open window, a failed or shed one as a drop.
   *
   * @return the listener
   */
  public CallListener callListener() {
    return listener;
  }

  private void record(CallEvent e) {
    boolean isShed = e.outcome() == Outcome.SHED;
    boolean drop = isShed || !e.succeeded();
    synchronized (lock) {
      calls++;
      if (isShed) {
        shed++;
      } else if (drop) {
        failed++;
      }
      String plane = e.planeId();
      if (drop && plane != null) {
        for (Link l : links) {
          if (l.probe.plane().equals(plane)) {
            l.planeDrops++;
          }
        }
      }
    }
  }

  private void probed(Link l, boolean ok, long rttNanos) {
    synchronized (lock) {
      if (ok) {
        l.answered++;
        l.rttNanos += rttNanos;
      } else {
        l.lost++;
      }
    }
  }

  /**
   * Seals the open window (the scheduler does it every {@link Builder#window} once started) and
   * opens the next; the oldest window beyond {@link Builder#maxWindows} is dropped.
   *
   * @return the sealed window
   */
  public ExperienceSummary.Window closeWindow() {
    synchronized (lock) {
      Instant now = clock.instant();
      List<ExperienceSummary.LinkWindow> lw = new ArrayList<>(links.size());
      for (Link l : links) {
        long finished = l.answered + l.lost;
        lw.add(new ExperienceSummary.LinkWindow(l.probe.plane(), l.probe.slice(), l.answered, l.lost,
            finished == 0 ? 0 : (double) l.lost / finished, l.answered == 0 ? 0 : l.rttNanos / 1e6 / l.answered,
            l.probe.stats().jitterMillis(), l.planeDrops));
        l.answered = 0;
        l.lost = 0;
        l.rttNanos = 0;
        l.planeDrops = 0;
      }
      ExperienceSummary.Window w = new ExperienceSummary.Window(openedAt, now, calls, failed, shed, lw);
      closed.addLast(w);
      while (closed.size() > maxWindows) {
        closed.removeFirst();
      }
      lastDrops = failed + shed;
      openedAt = now;
      calls = 0;
      failed = 0;
      shed = 0;
      return w;
    }
  }

  /**
   * The windows kept, oldest first, and per link the correlation of its loss and jitter with the
   * share of calls dropped.
   *
   * @return the summary
   */
  public ExperienceSummary summary() {
    synchronized (lock) {
      return ExperienceSummary.of(List.copyOf(closed));
    }
  }

  private double correlation(Link l, boolean loss) {
    ExperienceSummary s = summary();
    for (ExperienceSummary.Correlation c : s.correlations()) {
      if (c.plane().equals(l.probe.plane()) && c.slice().equals(l.probe.slice())) {
        return loss ? c.lossVsDrops() : c.jitterVsDrops();
      }
    }
    return Double.NaN;
  }

  private double lastDrops() {
    synchronized (lock) {
      return lastDrops;
    }
  }

  /** Stops closing windows on its own (the probes are the caller's to close). Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
    }
  }

  /** Builds a {@link LinkExperience}. Not thread-safe. */
  public static final class Builder {
    private final List<LinkProbe> probes = new ArrayList<>();
    private Duration window = Duration.ofSeconds(10);
    private int maxWindows = 360;
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry registry;

    private Builder() {}

    /**
     * A probed link (a plane over a slice) to put next to the drops; add one per plane and slice.
     *
     * @param probe the probe; the caller starts and closes it
     * @return this builder
     */
    public Builder addProbe(LinkProbe probe) {
      probes.add(Objects.requireNonNull(probe, "probe"));
      return this;
    }

    /**
     * How long a window lasts once {@link #start() started}; default 10 s.
     *
     * @param window at least 10 ms
     * @return this builder
     */
    public Builder window(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.toMillis() < 10) {
        throw new IllegalArgumentException("window must be at least 10 ms, got " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * How many closed windows are kept (and correlated); default 360 (an hour of 10 s windows).
     *
     * @param windows 2 to 100,000
     * @return this builder
     */
    public Builder maxWindows(int windows) {
      if (windows < 2 || windows > 100_000) {
        throw new IllegalArgumentException("maxWindows must be within 2..100000, got " + windows);
      }
      this.maxWindows = windows;
      return this;
    }

    /**
     * The clock that stamps windows; default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where {@code microevent.link.drops.correlation} and {@code microevent.session.drops} go;
     * default none.
     *
     * @param registry the registry; the app owns it
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Starts closing a window every {@link #window}.
     *
     * @return the running correlation; close it when done
     */
    public LinkExperience start() {
      return new LinkExperience(this, true);
    }

    /**
     * Builds it without its timer: call {@link LinkExperience#closeWindow()} yourself.
     *
     * @return the correlation
     */
    public LinkExperience build() {
      return new LinkExperience(this, false);
    }
  }
}
