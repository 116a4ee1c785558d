package dev.microevent.core.internal;

import dev.microevent.core.Intent;
import dev.microevent.core.NoRouteException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edge-first route choice for one attempt: the intent's preferred edge plane (from the config)
 * if it is routable, else the best routable edge plane the call has not tried
 * yet (by priority, then advertised load), else the central plane under failover backpressure,
 * else (panic) any unhealthy edge plane that is not ejected, else an unhealthy central plane, else
 * (last resort) an ejected edge plane.
 */
final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final List<PlaneState> edges;
  private final @Nullable PlaneState central;
  private final FailoverGate gate;
  private final Clock clock;
  private final ClientMeters meters;

  Router(List<PlaneState> edges, @Nullable PlaneState central, FailoverGate gate, Clock clock, ClientMeters meters) {
    this.edges = edges.stream()
        .sorted(Comparator.comparingInt((PlaneState s) -> s.plane().priority()))
        .toList();
    this.central = central;
    this.gate = gate;
    this.clock = clock;
    this.meters = meters;
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
    Instant now = clock.instant();
    String preferred = rule.preferredEdge();
    if (preferred != null) {
      for (PlaneState edge : edges) {
        if (edge.plane().id().equals(preferred) && !tried.contains(edge) && edge.routable(now)) {
          return new Route(edge, false, null);
        }
      }
    }
    PlaneState best = null;
    for (PlaneState edge : edges) {
      if (tried.contains(edge) || !edge.routable(now)) {
        continue;
      }
      if (best == null
          || (edge.plane().priority() == best.plane().priority() && lighter(edge, best))) {
        best = edge;
      } else if (edge.plane().priority() > best.plane().priority()) {
        break;
      }
    }
    if (best != null) {
      return new Route(best, false, null);
    }
    PlaneState c = central;
    if (c != null && edges.isEmpty() && !tried.contains(c)) {
      // A central-only client has nothing to fail over from: central is its primary route.
      return new Route(c, false, null);
    }
    if (c != null && !tried.contains(c) && c.healthy()) {
      return failover(intent, rule, c, lastFailure, maxWaitNanos);
    }
    for (PlaneState edge : edges) {
      if (!tried.contains(edge) && !edge.ejected(now)) {
        log.debug("panic routing {} to unhealthy plane {}", intent, edge.plane().id());
        meters.count("microevent.routing.panic", "intent", intent.name());
        return new Route(edge, false, null);
      }
    }
    if (c != null && !tried.contains(c)) {
      return failover(intent, rule, c, lastFailure, maxWaitNanos);
    }
    // Like Envoy's panic mode: when nothing else is left, an ejected plane beats a certain failure.
    for (PlaneState edge : edges) {
      if (!tried.contains(edge)) {
        meters.count("microevent.routing.panic", "intent", intent.name());
        return new Route(edge, false, null);
      }
    }
    throw new NoRouteException(NoRouteException.Reason.PLANES_EXHAUSTED,
        "every plane was tried by this " + intent + " call and failed", lastFailure);
  }

  private Route failover(Intent intent, ActiveConfig.RouteRule rule, PlaneState c, @Nullable Throwable lastFailure,
      long maxWaitNanos) {
    try {
      Route route = new Route(c, true, gate.acquire(intent.criticality(), rule.failover(), lastFailure, maxWaitNanos));
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
