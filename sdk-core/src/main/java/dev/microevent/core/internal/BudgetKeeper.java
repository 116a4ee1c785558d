package dev.microevent.core.internal;

import dev.microevent.core.CallEvent;
import dev.microevent.core.Intent;
import dev.microevent.core.Subscription;
import dev.microevent.core.budget.BudgetAlert;
import dev.microevent.core.budget.BudgetAlert.Severity;
import dev.microevent.core.budget.BudgetAlertListener;
import dev.microevent.core.budget.ErrorBudget;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.budget.Slo;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the error budgets, records finished calls into them, evaluates them and raises alerts. */
final class BudgetKeeper implements ErrorBudgets, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BudgetKeeper.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
  /** Events a rule's long window needs before it may alert. */
  static final long MIN_EVENTS = 20;

  private final Clock clock;
  private final ClientMeters meters;
  private final ConcurrentMap<String, ErrorBudget> budgets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Severity> levels = new ConcurrentHashMap<>();
  private final List<BudgetAlertListener> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable Periodic periodic;

  BudgetKeeper(Clock clock, ClientMeters meters, List<BudgetAlertListener> initial) {
    this.clock = clock;
    this.meters = meters;
    this.listeners.addAll(initial);
  }

  /** Applies the SLOs of a config: new intents get a budget, changed targets keep their counts. */
  void configure(Map<Intent, Slo> slos) {
    slos.forEach((intent, slo) -> track(intent.name(), slo));
  }

  /** Whether a finished call counts, and how. */
  void record(CallEvent e) {
    ErrorBudget b = budgets.get(e.intent().name());
    if (b == null) {
      return;
    }
    switch (e.outcome()) {
      case SUCCESS -> b.record(true);
      case SERVER_ERROR, TIMEOUT, CONNECTION_FAILURE, NO_ROUTE, REJECTED -> b.record(false);
      case CLIENT_ERROR, SHED, CANCELLED -> {
        // not eligible: the request's own fault, shed on purpose, or given up by the caller
      }
    }
  }

  void start(ScheduledExecutorService scheduler, Duration interval) {
    periodic = Periodic.every(scheduler, interval, interval, "error budget evaluation", this::evaluateNow);
  }

  @Override
  public Optional<ErrorBudget> of(Intent intent) {
    return Optional.ofNullable(budgets.get(intent.name()));
  }

  @Override
  public ErrorBudget track(String name, Slo slo) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(slo, "slo");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("budget name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    return budgets.compute(name, (k, old) -> {
      if (old != null) {
        return old.withSlo(slo);
      }
      ErrorBudget b = new ErrorBudget(slo, clock, MIN_EVENTS);
      levels.put(name, Severity.NONE);
      for (Duration w : List.of(ErrorBudget.W5M, ErrorBudget.W1H, ErrorBudget.W6H, ErrorBudget.W3D)) {
        meters.gauge("microevent.slo.burn.rate", () -> current(name).burnRate(w), "budget", name,
            "window", label(w));
      }
      meters.gauge("microevent.slo.budget.remaining", () -> current(name).remaining(), "budget", name);
      meters.gauge("microevent.slo.alert.level", () -> level(levels.getOrDefault(name, Severity.NONE)),
          "budget", name);
      return b;
    });
  }

  private ErrorBudget current(String name) {
    return Objects.requireNonNull(budgets.get(name));
  }

  /** Gauge value of an alert level: 0 none, 1 ticket, 2 page. */
  static int level(Severity s) {
    return switch (s) {
      case NONE -> 0;
      case TICKET -> 1;
      case PAGE -> 2;
    };
  }

  static String label(Duration w) {
    return w.toDays() >= 1 ? w.toDays() + "d" : w.toHours() >= 1 ? w.toHours() + "h" : w.toMinutes() + "m";
  }

  @Override
  public Map<String, ErrorBudget> all() {
    return Map.copyOf(budgets);
  }

  @Override
  public Map<String, Severity> levels() {
    return Map.copyOf(new LinkedHashMap<>(levels));
  }

  @Override
  public void evaluateNow() {
    for (Map.Entry<String, ErrorBudget> e : budgets.entrySet()) {
      String name = e.getKey();
      ErrorBudget b = e.getValue();
      Severity now = b.evaluate();
      Severity before = levels.put(name, now);
      if (before == null || before == now) {
        continue;
      }
      BudgetAlert alert = new BudgetAlert(name, before, now, b.burnRate(ErrorBudget.W1H), b.burnRate(ErrorBudget.W6H),
          b.burnRate(ErrorBudget.W3D), clock.instant());
      if (alert.firing()) {
        log.warn("error budget {}: {} (burn 1h {}, 6h {}, 3d {})", name, now, fmt(alert.burnRate1h()),
            fmt(alert.burnRate6h()), fmt(alert.burnRate3d()));
      } else {
        log.info("error budget {}: back to {}", name, now);
      }
      meters.count("microevent.slo.alerts", "budget", name, "to", now.name().toLowerCase(Locale.ROOT));
      for (BudgetAlertListener l : listeners) {
        try {
          l.onAlert(alert);
        } catch (RuntimeException ex) {
          log.warn("budget alert listener {} threw; skipped", l, ex);
        }
      }
    }
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  @Override
  public Subscription addListener(BudgetAlertListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    Periodic p = periodic;
    if (p != null) {
      p.close();
    }
  }
}
