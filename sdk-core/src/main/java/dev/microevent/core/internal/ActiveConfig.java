package dev.microevent.core.internal;

import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.config.ConfigSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One validated configuration, applied atomically: the client reads every setting through the
 * current instance, so a call sees either the old document or the new one, never a mix. {@code
 * moduleSections} keeps each top-level member the core does not own, as JSON (for a module that
 * registers its {@link dev.microevent.core.spi.ConfigSection} after the document came); {@code
 * parsedSections} the registered sections' values as the parse read them.
 */
@SuppressWarnings("ArrayRecordComponent") // the JSON of each module section, never compared
record ActiveConfig(
    String version,
    @Nullable String etag,
    ConfigSnapshot.Source source,
    @Nullable Instant appliedAt,
    Map<Intent, IntentPolicy> policies,
    Map<Intent, Slo> slos,
    DetectorConfig detector,
    Map<String, Boolean> flags,
    Map<Intent, RouteRule> routes,
    OracleSettings oracle,
    Map<ServiceMode, ModeRule> modes,
    @Nullable Duration healthInterval,
    Map<String, byte[]> moduleSections,
    Map<String, ModuleSections.Parsed<?>> parsedSections) {

  /**
   * What a degraded mode does beyond the criticality default: intents it keeps although their
   * criticality would be shed, and intents it sheds although their criticality would run.
   */
  record ModeRule(Set<Intent> keep, Set<Intent> shed) {}

  /** Per-intent route overrides. */
  record RouteRule(@Nullable String preferredEdge, @Nullable Boolean failover) {
    static final RouteRule NONE = new RouteRule(null, null);
  }

  /** The oracle's rules and thresholds. */
  record OracleSettings(double confidenceThreshold, Set<String> remoteOnly, Duration maxCacheTtl, List<Rule> rules) {
    static final OracleSettings DEFAULTS = new OracleSettings(0.8, Set.of(), Duration.ofMinutes(5), List.of());
  }

  /** A decision rule: when every condition holds, answer with a confidence. */
  record Rule(String decision, List<Condition> when, String answer, double confidence) {
    boolean matches(Map<String, String> attributes) {
      for (Condition c : when) {
        if (!c.holds(attributes.get(c.attribute()))) {
          return false;
        }
      }
      return true;
    }
  }

  /** One condition on an attribute. */
  record Condition(String attribute, String op, List<String> values) {
    boolean holds(@Nullable String actual) {
      if (actual == null) {
        return false;
      }
      return switch (op) {
        case "eq" -> values.get(0).equals(actual);
        case "in" -> values.contains(actual);
        default -> numeric(actual);
      };
    }

    private boolean numeric(String actual) {
      double a;
      try {
        a = Double.parseDouble(actual);
      } catch (NumberFormatException e) {
        return false;
      }
      double v = Double.parseDouble(values.get(0));
      return switch (op) {
        case "gt" -> a > v;
        case "gte" -> a >= v;
        case "lt" -> a < v;
        case "lte" -> a <= v;
        default -> false;
      };
    }
  }

  ConfigSnapshot snapshot() {
    return new ConfigSnapshot(version, etag, source, appliedAt, flags);
  }

  /**
   * Whether the mode gate lets a call of this intent run in this mode: the document's mode policy
   * first ({@code keep}, then {@code shed}), else the criticality default ({@link
   * ServiceMode#admits}).
   */
  boolean admits(ServiceMode mode, Intent intent) {
    ModeRule rule = modes.get(mode);
    if (rule != null) {
      if (rule.keep().contains(intent)) {
        return true;
      }
      if (rule.shed().contains(intent)) {
        return false;
      }
    }
    return mode.admits(intent.criticality());
  }

  /** The health checks' interval: the document's, else the builder's ({@code base}). */
  Duration healthIntervalOr(Duration base) {
    return healthInterval != null ? healthInterval : base;
  }

  RouteRule route(Intent intent) {
    RouteRule r = routes.get(intent);
    return r == null ? RouteRule.NONE : r;
  }
}
