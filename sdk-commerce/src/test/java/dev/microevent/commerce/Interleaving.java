package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.ForwardingMicroEventClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A core client that stops chosen calls at a point the test picks, so two paths of one checkout
 * (a double tap, a resolve racing a resubmit, a send still on its way) interleave in an exact
 * order instead of by luck. Every other call goes straight to the real client.
 */
final class Interleaving extends ForwardingMicroEventClient {
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

  private final List<Step> steps = new ArrayList<>();

  Interleaving(MicroEventClient real) {
    super(real);
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
      return delegate().call(intent, request);
    }
    switch (step.where()) {
      case BEFORE_SENDING -> {
        step.gate().pass();
        return delegate().call(intent, request);
      }
      case REFUSED_LOCALLY -> {
        step.gate().pass();
        throw new CallRejectedException(CallRejectedException.Reason.RATE_LIMITED,
            "rate limit of " + intent + " reached (stopped by the test)");
      }
      default -> {
        try {
          EdgeResponse r = delegate().call(intent, request);
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
  public void close() {
    // the real client belongs to the Loopback that made it
  }
}
