package dev.microevent.core.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edge-first route choice for one attempt: the intent's preferred edge plane (from the config)
 * if it is routable, else the best routable edge plane the call has not tried yet (by priority,
 * then advertised load), else the central plane under failover backpressure, else (panic) any
 * unhealthy edge plane that is not ejected, else an unhealthy central plane, else (last resort) an
 * ejected edge plane.
 *
 * <p>Panic routing after the gate. When the gate refuses a call for capacity, the refusal protects
 * the central plane, not the call: like Envoy's panic mode, which routes to unhealthy hosts rather
 * than fail when health leaves too few, the call goes to an edge plane whose latest word (an active
 * check or a real exchange) was an answer, however it is marked: health needs several passing
 * checks in a row to recover, and a flapping edge may be answering while it is marked down. An
 * edge plane whose latest word was a failure gets one such call per {@link #PROBE_EVERY} (a call
 * that has not tried it yet), to learn when it answers again, and no more: no retry storm on it.
 * The latest word counts, not the marks: an ejected edge plane that answers takes such calls too.
 * A CRITICAL call that finds no edge plane to go to waits, as gRPC's wait-for-ready does, for
 * whichever comes first: a failover slot or an edge plane answering again (a passing check, a
 * probe, anyone's successful call), as long as the client allows ({@code maxWaitNanos}); then it
 * is refused. DEGRADED calls never wait. Central never sees more than its caps.
 */
final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  /** How often an edge plane whose latest word was a failure gets a call refused by the gate. */
  static final Duration PROBE_EVERY = Duration.ofMillis(100);

  private final List<PlaneState> edges;
  private final @Nullable PlaneState central;
  private final FailoverGate gate;
  private final Clock clock;
  private final Ticker ticker;
  private final ClientMeters meters;
  /** Each edge plane's route without failover, by the index in {@link #edges}: immutable, so shared by every call. */
  private final Route[] primary;
  private final @Nullable Route centralPrimary;

  Router(List<PlaneState> edges, @Nullable PlaneState central, FailoverGate gate, Clock clock, Ticker ticker,
      ClientMeters meters) {
    this.edges = edges.stream()
        .sorted(Comparator.comparingInt((PlaneState s) -> s.plane().priority()))
        .toList();
    this.central = central;
    this.gate = gate;
    this.clock = clock;
    this.ticker = ticker;
    this.meters = meters;
    this.primary = this.edges.stream().map(s -> new Route(s, false, null)).toArray(Route[]::new);
    this.centralPrimary = central == null ? null : new Route(central, false, null);
  }

  /** A chosen plane; close it when the attempt ends to release a failover slot. */
  record Route(PlaneState state, boolean failover, FailoverGate.@Nullable Permit permit) implements AutoCloseable {
    @Override
    public void close() {
      if (permit != null) {
        permit.close();
      }
    }
  }

  Route select(Intent intent, ActiveConfig.RouteRule rule, Set<PlaneState> tried, @Nullable Throwable lastFailure,
      long maxWaitNanos) {
    // The hot path (a routable edge) reads no instant and walks the planes by index: nothing is allocated.
    int n = edges.size();
    String preferred = rule.preferredEdge();
    if (preferred != null) {
      for (int i = 0; i < n; i++) {
        PlaneState edge = edges.get(i);
        if (edge.plane().id().equals(preferred) && !tried.contains(edge) && edge.routable(clock)) {
          return primary[i];
        }
      }
    }
    PlaneState best = null;
    int bestIndex = -1;
    for (int i = 0; i < n; i++) {
      PlaneState edge = edges.get(i);
      if (tried.contains(edge) || !edge.routable(clock)) {
        continue;
      }
      if (best == null
          || (edge.plane().priority() == best.plane().priority() && lighter(edge, best))) {
        best = edge;
        bestIndex = i;
      } else if (edge.plane().priority() > best.plane().priority()) {
        break;
      }
    }
    if (best != null) {
      return primary[bestIndex];
    }
    Instant now = clock.instant();
    PlaneState c = central;
    if (c != null && edges.isEmpty() && !tried.contains(c)) {
      // A central-only client has nothing to fail over from: central is its primary route.
      return Objects.requireNonNull(centralPrimary);
    }
    if (c != null && !tried.contains(c) && c.healthy()) {
      return failoverOrPanic(intent, rule, c, tried, lastFailure, maxWaitNanos);
    }
    for (PlaneState edge : edges) {
      if (!tried.contains(edge) && !edge.ejected(now)) {
        return panic(intent, edge, "no healthy plane is left");
      }
    }
    if (c != null && !tried.contains(c)) {
      return failoverOrPanic(intent, rule, c, tried, lastFailure, maxWaitNanos);
    }
    // Like Envoy's panic mode: when nothing else is left, an ejected plane beats a certain failure.
    for (PlaneState edge : edges) {
      if (!tried.contains(edge)) {
        return panic(intent, edge, "nothing else is left");
      }
    }
    throw new NoRouteException(NoRouteException.Reason.PLANES_EXHAUSTED,
        "every plane was tried by this " + intent + " call and failed", lastFailure);
  }

  /**
   * The central plane through the gate, else (refused for capacity) panic routing to an edge
   * plane; see the class comment.
   */
  private Route failoverOrPanic(Intent intent, ActiveConfig.RouteRule rule, PlaneState c, Set<PlaneState> tried,
      @Nullable Throwable lastFailure, long maxWaitNanos) {
    boolean critical = intent.criticality() == Criticality.CRITICAL;
    // With an edge plane to spill onto, even a critical call does not queue for a slot.
    if (!critical || panicEdge(tried, false) != null) {
      try {
        return failover(intent, rule, c, lastFailure, 0, () -> false);
      } catch (NoRouteException e) {
        if (e.reason() != NoRouteException.Reason.FAILOVER_CAPACITY) {
          throw e;
        }
        PlaneState edge = panicEdge(tried, true);
        if (edge != null) {
          return panic(intent, edge, "the failover gate refused the call");
        }
        if (!critical) {
          throw e;
        }
        // Another call took the edge plane's probe turn meanwhile: wait like any critical call.
      }
    }
    PlaneState[] woke = new PlaneState[1];
    try {
      return failover(intent, rule, c, lastFailure, maxWaitNanos, () -> (woke[0] = panicEdge(tried, true)) != null);
    } catch (NoRouteException e) {
      PlaneState edge = woke[0];
      if (edge == null || e.reason() != NoRouteException.Reason.FAILOVER_CAPACITY) {
        throw e;
      }
      return panic(intent, edge, "it answers again");
    }
  }

  private Route panic(Intent intent, PlaneState edge, String why) {
    log.debug("panic routing {} to plane {}: {}", intent, edge.plane().id(), why);
    meters.count("microevent.routing.panic", "intent", intent.name());
    return new Route(edge, false, null);
  }

  /**
   * The edge plane a call refused by the gate may go to, by priority: one this call has not tried
   * that answers or is due a probe, else one it tried that answers again.
   *
   * @param claim take the probe turn of the plane returned
   */
  private @Nullable PlaneState panicEdge(Set<PlaneState> tried, boolean claim) {
    long now = ticker.read();
    for (PlaneState edge : edges) {
      if (!tried.contains(edge) && edge.mayTry(now, PROBE_EVERY.toNanos(), claim)) {
        return edge;
      }
    }
    for (PlaneState edge : edges) {
      if (tried.contains(edge) && edge.answering()) {
        return edge;
      }
    }
    return null;
  }

  private Route failover(Intent intent, ActiveConfig.RouteRule rule, PlaneState c, @Nullable Throwable lastFailure,
      long maxWaitNanos, BooleanSupplier elsewhere) {
    try {
      Route route = new Route(c, true,
          gate.acquire(intent.criticality(), rule.failover(), lastFailure, maxWaitNanos, elsewhere));
      meters.count("microevent.routing.failovers", "intent", intent.name(), "result", "admitted");
      return route;
    } catch (NoRouteException e) {
      meters.count("microevent.routing.failovers", "intent", intent.name(),
          "result", e.reason() == NoRouteException.Reason.FAILOVER_NOT_ALLOWED ? "not_allowed" : "capacity");
      throw e;
    }
  }

  private static boolean lighter(PlaneState a, PlaneState b) {
    double la = a.advertisedLoad();
    double lb = b.advertisedLoad();
    return !Double.isNaN(la) && (Double.isNaN(lb) || la < lb);
  }
}
