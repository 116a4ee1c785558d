package dev.microevent.core.internal;

import dev.microevent.core.ModeChange;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.ServiceModeListener;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.Subscription;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the most severe proposal of all mode sources and tells the listeners. */
final class ModeController implements ServiceModes {
  private static final Logger log = LoggerFactory.getLogger(ModeController.class);

  private record Proposal(ServiceMode mode, String reason) {}

  private final Clock clock;
  private final ClientMeters meters;
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final List<ServiceModeListener> listeners = new CopyOnWriteArrayList<>();
  private volatile ServiceMode current = ServiceMode.NORMAL;
  private volatile String currentReason = "no source proposes a reduced mode";

  ModeController(Clock clock, ClientMeters meters, List<ServiceModeListener> initialListeners) {
    this.clock = clock;
    this.meters = meters;
    listeners.addAll(initialListeners);
    meters.modeGauge(() -> ModeLevel.of(current));
  }

  /**
   * Binds a mode source: its proposals go to this switchboard under its name.
   *
   * @param source the source
   */
  void bind(ServiceModeSource source) {
    source.bind((mode, reason) -> propose(source.name(), mode, reason));
  }

  @Override
  public ServiceMode current() {
    return current;
  }

  /** Why the current mode applies: the deciding source's reason. */
  String currentReason() {
    return currentReason;
  }

  @Override
  public void propose(String source, ServiceMode mode, String reason) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    synchronized (proposals) {
      proposals.put(source, new Proposal(mode, reason));
      apply(source);
    }
  }

  @Override
  public void withdraw(String source) {
    Objects.requireNonNull(source, "source");
    synchronized (proposals) {
      if (proposals.remove(source) != null) {
        apply(source);
      }
    }
  }

  /**
   * Recomputes the applied mode and tells the listeners, under the proposals lock so that
   * concurrent changes reach every listener in the order they were applied.
   */
  private void apply(String changedBy) {
    ServiceMode next = ServiceMode.NORMAL;
    String deciding = changedBy;
    String why = "no source proposes a reduced mode";
    for (Map.Entry<String, Proposal> e : proposals.entrySet()) {
      if (e.getValue().mode().compareTo(next) > 0) {
        next = e.getValue().mode();
        deciding = e.getKey();
        why = e.getValue().reason();
      }
    }
    ServiceMode previous = current;
    currentReason = next == ServiceMode.NORMAL ? why : deciding + ": " + why;
    if (next == previous) {
      return;
    }
    current = next;
    ModeChange change = new ModeChange(previous, next, deciding, why, clock.instant());
    log.info("service mode {} -> {} ({}: {})", change.from(), change.to(), change.source(), change.reason());
    meters.modeChanged(change);
    for (ServiceModeListener listener : listeners) {
      try {
        listener.onModeChange(change);
      } catch (RuntimeException e) {
        log.warn("service mode listener {} threw; it is skipped", listener, e);
      }
    }
  }

  @Override
  public Map<String, ServiceMode> proposals() {
    synchronized (proposals) {
      Map<String, ServiceMode> copy = new LinkedHashMap<>();
      proposals.forEach((k, v) -> copy.put(k, v.mode()));
      return Map.copyOf(copy);
    }
  }

  @Override
  public Subscription addListener(ServiceModeListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** For logs: the applied mode, why, and what each source proposes. */
  @Override
  public String toString() {
    return current + " (" + currentReason + "), proposals " + proposals();
  }
}
