package dev.microevent.commerce.internal;

import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutResult;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.ProbeListener;
import dev.microevent.commerce.ProbeResult;
import dev.microevent.commerce.ProbeStats;
import dev.microevent.commerce.ProbeStep;
import dev.microevent.commerce.SyntheticProbe;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic checkout probe. Each run is scheduled one jittered interval after the previous
 * one ended (so runs never overlap), checks the service mode first, then walks the buy flow step
 * by step, timing each with the monotonic clock and stopping at the first failure. The plane may
 * steer its period and jitter ({@link #configure}): the wait in progress is then measured against
 * the new period, so a period cut from 10 minutes to 30 s does not wait out the 10 minutes.
 */
final class DefaultProbe implements SyntheticProbe {
  private static final Logger log = LoggerFactory.getLogger(DefaultProbe.class);

  private final Backend backend;
  private final MicroEventClient client;
  private final DefaultCheckout checkout;
  private volatile ProbeConfig config;
  private final Random random;
  private final CommerceMeters meters;
  private final List<ProbeListener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder passed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder paused = new LongAdder();
  private volatile @Nullable ProbeResult last;
  private @Nullable ScheduledFuture<?> next;
  /** When the waiting run's wait began, on the client's ticker. */
  private long waitingSince;
  private boolean running;

  DefaultProbe(Backend backend, DefaultCheckout checkout, ProbeConfig config, Random random, CommerceMeters meters) {
    this.backend = backend;
    this.client = backend.client();
    this.checkout = checkout;
    this.config = config;
    this.random = random;
    this.meters = meters;
  }

  @Override
  public synchronized void start() {
    if (!running) {
      running = true;
      scheduleNext();
      log.info("synthetic checkout probe started: every {} ± {}%", config.interval(), Math.round(config.jitter() * 100));
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    ScheduledFuture<?> f = next;
    if (f != null) {
      f.cancel(false);
      next = null;
    }
  }

  @Override
  public synchronized boolean running() {
    return running;
  }

  /** The delay before the next run: the interval moved by up to ± jitter. */
  Duration nextDelay() {
    ProbeConfig c = config;
    double factor = 1 + c.jitter() * (2 * random.nextDouble() - 1);
    return Duration.ofNanos((long) (c.interval().toNanos() * factor));
  }

  private synchronized void scheduleNext() {
    waitingSince = client.runtime().ticker().read();
    schedule(nextDelay());
  }

  private synchronized void schedule(Duration delay) {
    if (!running) {
      return;
    }
    try {
      // The scheduler times the run; the buy flow's blocking calls run on the client's I/O executor.
      next = client.runtime().scheduler().schedule(() -> client.runtime().ioExecutor().execute(this::tick),
          delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      running = false;
      log.debug("scheduler closed; the probe stops");
    }
  }

  /**
   * Puts other settings into effect (the plane steering the probe). A run that is waiting is
   * moved to one new (jittered) interval after its wait began, at once if that has passed; a run
   * in progress schedules the next one with the new settings.
   *
   * @param config the settings
   */
  synchronized void configure(ProbeConfig config) {
    if (config.equals(this.config)) {
      return;
    }
    this.config = config;
    log.info("synthetic checkout probe now every {} ± {}%", config.interval(), Math.round(config.jitter() * 100));
    ScheduledFuture<?> waiting = next;
    // cancel fails when the run is due or running: its tick schedules the next one, with these settings
    if (running && waiting != null && waiting.cancel(false)) {
      Duration waited = Duration.ofNanos(client.runtime().ticker().read() - waitingSince);
      Duration left = nextDelay().minus(waited);
      schedule(left.isNegative() ? Duration.ZERO : left);
    }
  }

  private void tick() {
    try {
      if (running()) {
        runOnce();
      }
    } catch (RuntimeException e) {
      log.warn("probe run failed unexpectedly", e);
    } finally {
      scheduleNext();
    }
  }

  @Override
  public ProbeResult runOnce() {
    Instant startedAt = client.runtime().clock().instant();
    ServiceMode mode = client.modes().current();
    ProbeResult result;
    if (mode == ServiceMode.CRITICAL_ONLY) {
      result = new ProbeResult(startedAt, ProbeResult.Outcome.PAUSED, List.of());
      paused.increment();
    } else {
      result = walk(startedAt);
      (result.outcome() == ProbeResult.Outcome.PASSED ? passed : failed).increment();
    }
    meters.count("microevent.commerce.probe.runs", "outcome", result.outcome().name().toLowerCase(Locale.ROOT));
    last = result;
    for (ProbeListener l : listeners) {
      try {
        l.onProbe(result);
      } catch (RuntimeException e) {
        log.warn("probe listener {} threw; skipped", l, e);
      }
    }
    return result;
  }

  private ProbeResult walk(Instant startedAt) {
    List<ProbeResult.StepResult> steps = new ArrayList<>();
    CartId cartId = CartId.random(random);
    Object[] carried = new Object[1];
    boolean ok = step(steps, ProbeStep.PRODUCT, () -> carried[0] = Backend.product(backend.get(Intent.READ,
        Backend.productPath(config.sku()), true).body()))
        && step(steps, ProbeStep.INVENTORY, () -> carried[0] = Backend.inventory(backend.get(Intent.READ,
            Backend.inventoryPath(config.sku()), true).body()))
        && step(steps, ProbeStep.CART, () -> {
          backend.openCart(cartId, true);
          carried[0] = backend.setQuantity(cartId, config.sku(), 1, true);
        })
        && step(steps, ProbeStep.CHECKOUT, () -> {
          CheckoutResult r = checkout.synthetic(cartId, ((Cart) Objects.requireNonNull(carried[0])).total());
          Order order = r.order().orElse(null);
          if (!r.paid() || order == null) {
            throw new StepFailure("synthetic checkout answered " + r.outcome() + ": " + r.detail());
          }
          if (!order.synthetic()) {
            throw new StepFailure("the backend did not mark order " + order.orderId() + " as synthetic");
          }
          carried[0] = order;
        })
        && step(steps, ProbeStep.ORDER_STATUS, () -> {
          Order order = backend.order(((Order) Objects.requireNonNull(carried[0])).orderId(), true);
          if (!order.synthetic()) {
            throw new StepFailure("order status of " + order.orderId() + " is not marked synthetic");
          }
        });
    return new ProbeResult(startedAt, ok ? ProbeResult.Outcome.PASSED : ProbeResult.Outcome.FAILED, steps);
  }

  /** One step's work; throws to fail. */
  @FunctionalInterface
  private interface Action {
    void run();
  }

  private boolean step(List<ProbeResult.StepResult> steps, ProbeStep step, Action action) {
    long t0 = client.runtime().ticker().read();
    boolean ok;
    String detail = "";
    try {
      action.run();
      ok = true;
    } catch (SdkException | StepFailure e) {
      ok = false;
      detail = String.valueOf(e.getMessage());
    }
    Duration took = Duration.ofNanos(client.runtime().ticker().read() - t0);
    steps.add(new ProbeResult.StepResult(step, ok, took, detail));
    meters.time("microevent.commerce.probe.steps", took, "step", step.tag(), "outcome", ok ? "success" : "failure");
    if (!ok) {
      log.warn("synthetic checkout probe failed at {} after {} ms: {}", step, took.toMillis(), detail);
    }
    return ok;
  }

  @Override
  public Optional<ProbeResult> lastResult() {
    return Optional.ofNullable(last);
  }

  @Override
  public ProbeStats stats() {
    return new ProbeStats(passed.sum(), failed.sum(), paused.sum());
  }

  @Override
  public Subscription addListener(ProbeListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public ProbeConfig config() {
    return config;
  }

  private static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
      super(message, null, false, false);
    }
  }
}
