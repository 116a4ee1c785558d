package dev.microevent.testkit.load;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The load of doors opening at a ticketed venue: scans ramp up as the queue reaches the gates
 * (a quarter, then half of the peak), hold the peak while the crowd pours in, then tail off for
 * the late arrivals (a fifth of the peak), each phase a step of a {@link LoadProfile}. What is
 * scanned: every ticket once, in a shuffled order, plus a share of re-scans of tickets already
 * shown (a second try at a slow turnstile, a ticket passed back over the fence to a friend, the
 * same ticket at another gate). {@link #scans()} holds exactly one text per arrival of the
 * profile: with {@link Builder#peak(double)} the peak lasts as long as the crowd needs, so every
 * ticket is shown; with {@link Builder#peak(double, Duration)} a longer schedule re-scans more and
 * a shorter one leaves the last of the crowd outside. Feed it to a {@link LoadGenerator} with the
 * gate as the target:
 *
 * <pre>{@code
 * GateRush rush = GateRush.builder().tickets(fixtures.valid()).peak(200).rescans(0.05).build();
 * LoadReport report = rush.run(text -> gate.scan(text));   // or:
 * LoadGenerator.builder().target(rush.target(gate::scan)).profile(rush.profile())
 *     .request(Intent.GATE_SCAN, GateRush.REQUEST).build().run();
 * }</pre>
 *
 * <p>Immutable; {@link #target(Consumer)} makes a fresh cursor over the scans, thread-safe, that
 * wraps around if the profile asks for more scans than there are.
 */
public final class GateRush {
  /** What each arrival carries to a {@link LoadTarget} (the gate target ignores it). */
  public static final EdgeRequest REQUEST = EdgeRequest.builder("POST", "/v1/gate/scans").build();

  private final LoadProfile profile;
  private final List<String> scans;

  private GateRush(LoadProfile profile, List<String> scans) {
    this.profile = profile;
    this.scans = List.copyOf(scans);
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the arrival schedule: ramp, peak, tail} */
  public LoadProfile profile() {
    return profile;
  }

  /** {@return the texts scanned, in order: every ticket once, with the re-scans mixed in} */
  public List<String> scans() {
    return scans;
  }

  /**
   * A load target that scans the next text at each arrival.
   *
   * @param scanner the gate's scan call; what it throws counts as a failed scan
   * @return the target
   */
  public LoadTarget target(Consumer<String> scanner) {
    Objects.requireNonNull(scanner, "scanner");
    AtomicLong next = new AtomicLong();
    return (intent, request) -> scanner.accept(scans.get((int) (next.getAndIncrement() % scans.size())));
  }

  /**
   * Runs the rush against a gate, open-model (arrivals never wait for the gate).
   *
   * @param scanner the gate's scan call
   * @return the report: offered, succeeded, latency from the intended start
   */
  public LoadReport run(Consumer<String> scanner) {
    return LoadGenerator.builder().target(target(scanner)).profile(profile).request(Intent.GATE_SCAN, REQUEST)
        .build().run();
  }

  @Override
  public String toString() {
    return "GateRush{" + scans.size() + " scans, " + profile + "}";
  }

  /** Builds a {@link GateRush}. Not thread-safe. */
  public static final class Builder {
    private List<String> tickets = List.of();
    private double peak = 100;
    private @Nullable Duration peakDuration;
    private double rescans = 0.05;
    private long seed = 1;

    private Builder() {}

    /**
     * The tickets the crowd holds (their scanned texts); required, at least one.
     *
     * @param texts the texts
     * @return this builder
     */
    public Builder tickets(List<String> texts) {
      this.tickets = List.copyOf(texts);
      return this;
    }

    /**
     * The peak scan rate; the peak lasts as long as the crowd needs (every ticket is shown once,
     * plus the re-scans). Default 100 scans/s.
     *
     * @param scansPerSecond above 0, at most 100,000
     * @return this builder
     */
    public Builder peak(double scansPerSecond) {
      checkRate(scansPerSecond);
      this.peak = scansPerSecond;
      this.peakDuration = null;
      return this;
    }

    private static void checkRate(double scansPerSecond) {
      if (!(scansPerSecond > 0 && scansPerSecond <= 100_000)) {
        throw new IllegalArgumentException("the peak rate must be 0 < rate <= 100,000 per second, got "
            + scansPerSecond);
      }
    }

    /**
     * The peak scan rate and how long it holds. The ramp lasts a fifth of the peak's duration per
     * step, the tail two fifths.
     *
     * @param scansPerSecond above 0, at most 100,000
     * @param duration positive
     * @return this builder
     */
    public Builder peak(double scansPerSecond, Duration duration) {
      Objects.requireNonNull(duration, "duration");
      checkRate(scansPerSecond);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("the peak lasts a positive duration, got " + duration);
      }
      this.peak = scansPerSecond;
      this.peakDuration = duration;
      return this;
    }

    /**
     * The share of scans that show a ticket already scanned; default 0.05.
     *
     * @param share 0..0.5
     * @return this builder
     */
    public Builder rescans(double share) {
      if (!(share >= 0 && share <= 0.5)) {
        throw new IllegalArgumentException("the re-scan share is 0..0.5, got " + share);
      }
      this.rescans = share;
      return this;
    }

    /**
     * The seed of the shuffle and of which tickets are re-scanned; default 1 (the same rush every
     * run).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the rush.
     *
     * @return the rush
     * @throws IllegalArgumentException without tickets
     */
    public GateRush build() {
      if (tickets.isEmpty()) {
        throw new IllegalArgumentException("a gate rush needs the tickets the crowd holds (tickets(...))");
      }
      Random random = new Random(seed);
      List<String> order = new ArrayList<>(tickets);
      Collections.shuffle(order, random);
      List<String> scans = new ArrayList<>(order.size() + (int) (order.size() * rescans) + 1);
      for (String t : order) {
        scans.add(t);
        if (random.nextDouble() < rescans) {
          scans.add(scans.get(random.nextInt(scans.size())));
        }
      }
      Duration d = peakDuration;
      LoadProfile profile;
      if (d == null) {
        // The schedule offers 1.23 x peak x D arrivals; lengthen D until the crowd fits.
        long nanos = Math.max(1_000_000L, (long) (scans.size() / (1.23 * peak) * 1e9));
        profile = profile(Duration.ofNanos(nanos));
        while (profile.expectedArrivals() < scans.size()) {
          nanos += Math.max(1_000_000L, nanos / 100);
          profile = profile(Duration.ofNanos(nanos));
        }
      } else {
        profile = profile(d);
      }
      long arrivals = profile.expectedArrivals();
      if (arrivals > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a rush of " + arrivals + " scans is too long for one run");
      }
      while (scans.size() < arrivals) {
        scans.add(scans.get(random.nextInt(scans.size())));
      }
      return new GateRush(profile, scans.subList(0, (int) arrivals));
    }

    private LoadProfile profile(Duration peakFor) {
      Duration step = peakFor.dividedBy(5).isZero() ? Duration.ofMillis(1) : peakFor.dividedBy(5);
      return LoadProfile.builder()
          .step(peak / 4, step)
          .step(peak / 2, step)
          .step(peak, peakFor)
          .step(peak / 5, step.multipliedBy(2))
          .build();
    }
  }
}
