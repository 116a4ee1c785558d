package dev.microevent.testkit.fault;

import dev.microevent.testkit.ReceivedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force on one fake, in injection order. Every fake built on {@link
 * dev.microevent.testkit.FakeBackend} has one ({@code fake.faults()}); fakes of your own can
 * create one and call {@link #decide} per request.
 *
 * <p>For each request, every injected fault that matches it (filter, probability, remaining
 * count, flapping phase) is considered in order: latencies add up, and the first fault that
 * changes the answer wins. Thread-safe: inject and clear from any thread while traffic flows.
 */
public final class FaultInjector {
  private final String name;
  private final Clock clock;
  private final Random random;
  private final List<Active> active = new CopyOnWriteArrayList<>();
  private final AtomicLong hits = new AtomicLong();

  private record Active(Fault fault, Instant since, AtomicInteger remaining) {}

  /**
   * Creates an injector.
   *
   * @param name the fake's name, used in reports
   * @param clock the clock that flapping phases are measured on
   * @param random where probabilities and latency samples come from; thread-safe
   */
  public FaultInjector(String name, Clock clock, Random random) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** {@return the fake's name} */
  public String name() {
    return name;
  }

  /**
   * Puts a fault in force, after those already injected.
   *
   * @param fault the fault
   * @return this injector
   */
  public FaultInjector inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    active.add(new Active(fault, clock.instant(), new AtomicInteger(fault.timesLimit())));
    return this;
  }

  /**
   * Takes one fault out of force.
   *
   * @param fault the instance that was injected
   * @return whether it was in force
   */
  public boolean remove(Fault fault) {
    return active.removeIf(a -> a.fault == fault);
  }

  /** Takes every fault out of force: the fake answers normally again. */
  public void clear() {
    active.clear();
  }

  /** {@return the faults in force, in order (faults with a spent {@link Fault#times} limit are gone)} */
  public List<Fault> active() {
    List<Fault> out = new ArrayList<>();
    for (Active a : active) {
      out.add(a.fault);
    }
    return List.copyOf(out);
  }

  /** {@return how many requests a fault hit so far} */
  public long hits() {
    return hits.get();
  }

  /**
   * Decides what happens to one request.
   *
   * @param request the request the fake read
   * @return the decision; {@link FaultDecision#NONE} when no fault hit
   */
  public FaultDecision decide(ReceivedRequest request) {
    if (active.isEmpty()) {
      return FaultDecision.NONE;
    }
    long latencyNanos = 0;
    Fault answer = null;
    StringBuilder applied = new StringBuilder();
    for (Active a : active) {
      Fault f = a.fault;
      if (!f.matches(request)) {
        continue;
      }
      Fault effective = f;
      if (f.kind() == Fault.Kind.FLAPPING) {
        long cycle = f.up().toNanos() + f.down().toNanos();
        long phase = Math.floorMod(Duration.between(a.since, clock.instant()).toNanos(), cycle);
        if (phase < f.up().toNanos()) {
          continue;
        }
        effective = f.whileDown().orElseThrow();
        if (!effective.matches(request)) {
          continue;
        }
      }
      if (effective.kind() != Fault.Kind.LATENCY && answer != null) {
        continue;
      }
      if (f.probability() < 1 && random.nextDouble() >= f.probability()) {
        continue;
      }
      if (effective != f && effective.probability() < 1 && random.nextDouble() >= effective.probability()) {
        continue;
      }
      if (f.timesLimit() > 0 && !take(a)) {
        continue;
      }
      if (effective.kind() == Fault.Kind.LATENCY) {
        latencyNanos += effective.latency().orElseThrow().sample(random).toNanos();
      } else {
        answer = effective;
      }
      if (applied.length() > 0) {
        applied.append("; ");
      }
      applied.append(f);
    }
    if (applied.length() == 0) {
      return FaultDecision.NONE;
    }
    hits.incrementAndGet();
    return new FaultDecision(Duration.ofNanos(latencyNanos), answer, applied.toString());
  }

  private boolean take(Active a) {
    int left = a.remaining.decrementAndGet();
    if (left <= 0) {
      active.remove(a);
    }
    return left >= 0;
  }

  @Override
  public String toString() {
    return "FaultInjector{" + name + ", " + active() + "}";
  }
}
