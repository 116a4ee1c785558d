package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.TypeRef;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.spi.ModuleRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A core client that stops chosen calls at a point the test picks, so two paths of one checkout
 * (a double tap, a resolve racing a resubmit, a send still on its way) interleave in an exact
 * order instead of by luck. Every other call goes straight to the real client.
 */
@SuppressWarnings("removal") // delegates core's deprecated accessors too, until step B removes them
final class Interleaving implements MicroEventClient {
  /** Where a stopped call waits. */
  enum Stop {
    /** Before the call goes to the real client: a send still on its way. */
    BEFORE_SENDING,
    /** The call is refused locally, as a rate limit would (nothing sent); the refusal waits. */
    REFUSED_LOCALLY,
    /** The call went out and was answered; the answer (or error) waits. */
    ANSWERED
  }

  /** Where one stopped call waits until the test opens it. */
  static final class Gate {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    /** Waits (bounded) until the call stands at the gate. */
    void awaitReached() throws InterruptedException {
      assertThat(reached.await(20, TimeUnit.SECONDS)).as("a call reached the gate").isTrue();
    }

    /** Lets the call go on. */
    void open() {
      open.countDown();
    }

    private void pass() {
      reached.countDown();
      try {
        if (!open.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("a gate stayed shut for 30 s: the test never opened it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Step(@Nullable String method, String pathPrefix, Stop where, Gate gate) {
    boolean matches(EdgeRequest r) {
      return (method == null || method.equals(r.method())) && r.path().startsWith(pathPrefix);
    }
  }

  private final MicroEventClient real;
  private final List<Step> steps = new ArrayList<>();

  Interleaving(MicroEventClient real) {
    this.real = real;
  }

  /**
   * Stops the next call that matches.
   *
   * @param method the HTTP method, or null for any
   * @param pathPrefix the path it starts with
   * @param where where it stops
   * @return its gate
   */
  synchronized Gate stopNext(@Nullable String method, String pathPrefix, Stop where) {
    Gate g = new Gate();
    steps.add(new Step(method, pathPrefix, where, g));
    return g;
  }

  private synchronized @Nullable Step take(EdgeRequest request) {
    for (Step s : steps) {
      if (s.matches(request)) {
        steps.remove(s);
        return s;
      }
    }
    return null;
  }

  @Override
  public EdgeResponse call(Intent intent, EdgeRequest request) {
    Step step = take(request);
    if (step == null) {
      return real.call(intent, request);
    }
    switch (step.where()) {
      case BEFORE_SENDING -> {
        step.gate().pass();
        return real.call(intent, request);
      }
      case REFUSED_LOCALLY -> {
        step.gate().pass();
        throw new CallRejectedException(CallRejectedException.Reason.RATE_LIMITED,
            "rate limit of " + intent + " reached (stopped by the test)");
      }
      default -> {
        try {
          EdgeResponse r = real.call(intent, request);
          step.gate().pass();
          return r;
        } catch (RuntimeException e) {
          step.gate().pass();
          throw e;
        }
      }
    }
  }

  @Override
  public <T> T get(Intent intent, String path, Class<T> type) {
    return real.get(intent, path, type);
  }

  @Override
  public <T> T get(Intent intent, String path, TypeRef<T> type) {
    return real.get(intent, path, type);
  }

  @Override
  public <T> T post(Intent intent, String path, Object body, Class<T> type) {
    return real.post(intent, path, body, type);
  }

  @Override
  public byte[] toJson(Object value) {
    return real.toJson(value);
  }

  @Override
  public <T> T fromJson(byte[] json, Class<T> type) {
    return real.fromJson(json, type);
  }

  @Override
  public ErrorBudgets errorBudgets() {
    return real.errorBudgets();
  }

  @Override
  public ConfigSync config() {
    return real.config();
  }

  @Override
  public HybridOracle oracle() {
    return real.oracle();
  }

  @Override
  public ServiceModes modes() {
    return real.modes();
  }

  @Override
  public List<PlaneStatus> planes() {
    return real.planes();
  }

  @Override
  public IntentPolicy policy(Intent intent) {
    return real.policy(intent);
  }

  @Override
  public ModuleRuntime runtime() {
    return real.runtime();
  }

  @Override
  public Clock clock() {
    return real.clock();
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return real.scheduler();
  }

  @Override
  public Executor ioExecutor() {
    return real.ioExecutor();
  }

  @Override
  public @Nullable MeterRegistry meterRegistry() {
    return real.meterRegistry();
  }

  @Override
  public void close() {
    // the real client belongs to the Loopback that made it
  }
}
