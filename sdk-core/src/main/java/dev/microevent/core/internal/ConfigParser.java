package dev.microevent.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.RateLimit;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.ServiceMode;
import dev.microevent.core.anomaly.DetectorConfig;
import dev.microevent.core.budget.Slo;
import dev.microevent.core.config.ConfigRejectedException;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.spi.ConfigSection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates a configuration document completely and turns it into an {@link ActiveConfig}. Every
 * problem is collected with its JSON path; one problem rejects the whole document. Unknown
 * top-level members are ignored (newer planes may add sections); unknown members inside a known
 * section are errors (a typo must not silently keep an old value).
 */
final class ConfigParser {
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Set<String> POLICY_FIELDS = Set.of("attemptTimeoutMs", "deadlineMs", "maxAttempts",
      "initialBackoffMs", "maxBackoffMs", "bulkhead", "rateLimitPerSecond", "circuitBreaker");
  private static final Set<String> BREAKER_FIELDS = Set.of("failureRatePercent", "minimumCalls", "windowSeconds",
      "openDelaySeconds", "halfOpenProbes");
  private static final Set<String> DETECTOR_FIELDS = Set.of("alpha", "zThreshold", "minSamples",
      "errorRateThreshold", "cooldownSeconds");
  private static final Set<String> ORACLE_FIELDS = Set.of("confidenceThreshold", "remoteOnly", "cacheTtlSeconds",
      "rules");
  private static final List<ServiceMode> DEGRADED_MODES = List.of(ServiceMode.REDUCED, ServiceMode.CRITICAL_ONLY);
  private static final Set<String> OPS = Set.of("eq", "in", "gt", "gte", "lt", "lte");
  /** The top-level members {@link #parse} reads; no module may own one ({@link ModuleSections}). */
  static final Set<String> CORE_SECTIONS = Set.of("version", "policies", "slos", "detector", "flags", "routes",
      "oracle", "modes", "health");

  private final Map<String, Intent> intents;
  private final Set<String> planeIds;
  private final Function<Intent, IntentPolicy> basePolicy;
  private final DetectorConfig baseDetector;
  private final Map<Intent, Slo> baseSlos;
  private final List<ConfigSection<?>> sections;
  private final List<String> problems = new ArrayList<>();

  ConfigParser(Map<String, Intent> intents, Set<String> planeIds, Function<Intent, IntentPolicy> basePolicy,
      DetectorConfig baseDetector, Map<Intent, Slo> baseSlos, List<ConfigSection<?>> sections) {
    this.intents = intents;
    this.planeIds = planeIds;
    this.basePolicy = basePolicy;
    this.baseDetector = baseDetector;
    this.baseSlos = baseSlos;
    this.sections = sections;
  }

  /**
   * Parses and validates.
   *
   * @throws ConfigRejectedException listing every problem
   */
  ActiveConfig parse(byte[] json, @Nullable String etag, ConfigSnapshot.Source source, Instant now) {
    problems.clear();
    JsonNode root;
    try {
      root = Json.readStrictTree(json);
    } catch (ResponseMappingException e) {
      throw new ConfigRejectedException("?", List.of("not a JSON document: " + e.getMessage()));
    }
    if (!root.isObject()) {
      throw new ConfigRejectedException("?", List.of("$: expected an object"));
    }
    String version = text(root, "version", "$.version");
    Map<Intent, IntentPolicy> policies = policies(root.path("policies"));
    Map<Intent, Slo> slos = slos(root.path("slos"));
    DetectorConfig detector = detector(root.path("detector"));
    Map<String, Boolean> flags = flags(root.path("flags"));
    Map<Intent, ActiveConfig.RouteRule> routes = routes(root.path("routes"));
    ActiveConfig.OracleSettings oracle = oracle(root.path("oracle"));
    Map<ServiceMode, ActiveConfig.ModeRule> modes = modes(root.path("modes"));
    Duration healthInterval = healthInterval(root.path("health"));
    Map<String, byte[]> moduleSections = moduleSections(root);
    Map<String, ModuleSections.Parsed<?>> parsedSections = parsedSections(moduleSections);
    if (!problems.isEmpty()) {
      throw new ConfigRejectedException(version == null ? "?" : version, problems);
    }
    return new ActiveConfig(version == null ? "?" : version, etag, source, now, policies, slos, detector, flags,
        routes, oracle, modes, healthInterval, moduleSections, parsedSections);
  }

  /** Every top-level member the core does not own, as JSON. */
  private static Map<String, byte[]> moduleSections(JsonNode root) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      if (!CORE_SECTIONS.contains(member.getKey())) {
        out.put(member.getKey(), Json.write(member.getValue()));
      }
    }
    return Map.copyOf(out);
  }

  /** The registered modules' sections, checked in this same pass. */
  private Map<String, ModuleSections.Parsed<?>> parsedSections(Map<String, byte[]> raw) {
    Map<String, ModuleSections.Parsed<?>> out = new LinkedHashMap<>();
    for (ConfigSection<?> s : sections) {
      byte[] json = raw.get(s.name());
      ModuleSections.Parsed<?> parsed = json == null ? null : ModuleSections.parse(s, json, problems);
      if (parsed != null) {
        out.put(s.name(), parsed);
      }
    }
    return Map.copyOf(out);
  }

  private void problem(String path, @Nullable String what) {
    problems.add(path + ": " + (what == null ? "invalid" : what));
  }

  private @Nullable String text(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > 64) {
      problem(path, "required, a non-empty string of at most 64 characters");
      return null;
    }
    return n.asText();
  }

  private boolean object(JsonNode n, String path) {
    if (n.isMissingNode() || n.isNull()) {
      return false;
    }
    if (!n.isObject()) {
      problem(path, "expected an object");
      return false;
    }
    return true;
  }

  private void onlyKnown(JsonNode n, Set<String> known, String path) {
    for (Map.Entry<String, JsonNode> member : n.properties()) {
      String f = member.getKey();
      if (!known.contains(f)) {
        problem(path + "." + f, "unknown member (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  private @Nullable Intent intent(String name, String path) {
    Intent i = intents.get(name);
    if (i == null) {
      problem(path, "unknown intent '" + name + "' (known: " + String.join(", ", intents.keySet()) + ")");
    }
    return i;
  }

  private @Nullable Long integer(JsonNode parent, String field, String path, long min, long max) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    // canConvertToLong: a big integer beyond long would otherwise wrap into the range.
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      problem(path + "." + field, "expected an integer within " + min + ".." + max + ", got " + n);
      return null;
    }
    return n.asLong();
  }

  private @Nullable Double number(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      problem(path + "." + field, "expected a number, got " + n);
      return null;
    }
    return n.asDouble();
  }

  private Map<Intent, IntentPolicy> policies(JsonNode node) {
    Map<Intent, IntentPolicy> out = new LinkedHashMap<>();
    if (!object(node, "$.policies")) {
      return out;
    }
    node.properties().forEach(e -> {
      String path = "$.policies." + e.getKey();
      Intent intent = intent(e.getKey(), path);
      JsonNode p = e.getValue();
      if (intent == null || !object(p, path)) {
        return;
      }
      onlyKnown(p, POLICY_FIELDS, path);
      int before = problems.size();
      IntentPolicy base = basePolicy.apply(intent);
      IntentPolicy.Builder b = base.toBuilder();
      Long attempt = integer(p, "attemptTimeoutMs", path, 1, 600_000);
      Long deadline = integer(p, "deadlineMs", path, 1, 600_000);
      Long attempts = integer(p, "maxAttempts", path, 1, 10);
      Long initial = integer(p, "initialBackoffMs", path, 0, 60_000);
      Long maxBackoff = integer(p, "maxBackoffMs", path, 0, 60_000);
      Long bulkhead = integer(p, "bulkhead", path, 0, 100_000);
      Long rate = integer(p, "rateLimitPerSecond", path, 0, 1_000_000);
      CircuitBreakerConfig breaker = breaker(p, path, base);
      if (problems.size() > before) {
        return;
      }
      try {
        if (attempt != null) {
          b.attemptTimeout(Duration.ofMillis(attempt));
        }
        if (deadline != null) {
          b.deadline(Duration.ofMillis(deadline));
        }
        RetryConfig.Builder r = base.retry().toBuilder();
        if (attempts != null) {
          r.maxAttempts(attempts.intValue());
        }
        if (initial != null) {
          r.initialBackoff(Duration.ofMillis(initial));
        }
        if (maxBackoff != null) {
          r.maxBackoff(Duration.ofMillis(maxBackoff));
        }
        b.retry(r.build());
        if (bulkhead != null) {
          b.bulkhead(bulkhead.intValue());
        }
        if (rate != null) {
          b.rateLimit(rate == 0 ? null : RateLimit.perSecond(rate));
        }
        b.circuitBreaker(breaker);
        out.put(intent, b.build());
      } catch (IllegalArgumentException | IllegalStateException ex) {
        problem(path, ex.getMessage());
      }
    });
    return out;
  }

  private @Nullable CircuitBreakerConfig breaker(JsonNode p, String path, IntentPolicy base) {
    JsonNode n = p.get("circuitBreaker");
    String bp = path + ".circuitBreaker";
    if (n == null) {
      return base.circuitBreaker().orElse(null);
    }
    if (n.isBoolean() && !n.asBoolean()) {
      return null;
    }
    if (!n.isObject()) {
      problem(bp, "expected an object, or false to disable the breaker");
      return null;
    }
    onlyKnown(n, BREAKER_FIELDS, bp);
    CircuitBreakerConfig.Builder d = base.circuitBreaker().orElse(CircuitBreakerConfig.defaults()).toBuilder();
    Long rate = integer(n, "failureRatePercent", bp, 1, 100);
    Long min = integer(n, "minimumCalls", bp, 1, 100_000);
    Long window = integer(n, "windowSeconds", bp, 1, 86_400);
    Long delay = integer(n, "openDelaySeconds", bp, 1, 86_400);
    Long probes = integer(n, "halfOpenProbes", bp, 1, 1000);
    if (rate != null) {
      d.failureRatePercent(rate.intValue());
    }
    if (min != null) {
      d.minimumCalls(min.intValue());
    }
    if (window != null) {
      d.window(Duration.ofSeconds(window));
    }
    if (delay != null) {
      d.openDelay(Duration.ofSeconds(delay));
    }
    if (probes != null) {
      d.halfOpenProbes(probes.intValue());
    }
    return d.build();
  }

  private Map<Intent, Slo> slos(JsonNode node) {
    Map<Intent, Slo> out = new LinkedHashMap<>(baseSlos);
    if (!object(node, "$.slos")) {
      return out;
    }
    node.properties().forEach(e -> {
      String path = "$.slos." + e.getKey();
      Intent intent = intent(e.getKey(), path);
      JsonNode s = e.getValue();
      if (intent == null || !object(s, path)) {
        return;
      }
      onlyKnown(s, Set.of("target"), path);
      Double target = number(s, "target", path);
      if (target == null || !(target > 0 && target < 1)) {
        problem(path + ".target", "required, strictly between 0 and 1");
        return;
      }
      out.put(intent, new Slo(target));
    });
    return out;
  }

  private DetectorConfig detector(JsonNode node) {
    if (!object(node, "$.detector")) {
      return baseDetector;
    }
    onlyKnown(node, DETECTOR_FIELDS, "$.detector");
    Double alpha = number(node, "alpha", "$.detector");
    Double z = number(node, "zThreshold", "$.detector");
    Long min = integer(node, "minSamples", "$.detector", 1, 1_000_000);
    Double err = number(node, "errorRateThreshold", "$.detector");
    Long cooldown = integer(node, "cooldownSeconds", "$.detector", 0, 86_400);
    DetectorConfig.Builder d = baseDetector.toBuilder();
    if (alpha != null) {
      d.alpha(alpha);
    }
    if (z != null) {
      d.zThreshold(z);
    }
    if (min != null) {
      d.minSamples(min.intValue());
    }
    if (err != null) {
      d.errorRateThreshold(err);
    }
    if (cooldown != null) {
      d.cooldown(Duration.ofSeconds(cooldown));
    }
    try {
      return d.build();
    } catch (IllegalArgumentException e) {
      problem("$.detector", e.getMessage());
      return baseDetector;
    }
  }

  private Map<String, Boolean> flags(JsonNode node) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    if (!object(node, "$.flags")) {
      return out;
    }
    node.properties().forEach(e -> {
      if (!TOKEN.matcher(e.getKey()).matches()) {
        problem("$.flags." + e.getKey(), "flag names are lower-case tokens");
      } else if (!e.getValue().isBoolean()) {
        problem("$.flags." + e.getKey(), "expected true or false, got " + e.getValue());
      } else {
        out.put(e.getKey(), e.getValue().asBoolean());
      }
    });
    return out;
  }

  private Map<Intent, ActiveConfig.RouteRule> routes(JsonNode node) {
    Map<Intent, ActiveConfig.RouteRule> out = new LinkedHashMap<>();
    if (!object(node, "$.routes")) {
      return out;
    }
    node.properties().forEach(e -> {
      String path = "$.routes." + e.getKey();
      Intent intent = intent(e.getKey(), path);
      JsonNode r = e.getValue();
      if (intent == null || !object(r, path)) {
        return;
      }
      onlyKnown(r, Set.of("preferredEdge", "failover"), path);
      String preferred = null;
      JsonNode pe = r.get("preferredEdge");
      if (pe != null && !pe.isNull()) {
        if (!pe.isTextual() || !planeIds.contains(pe.asText())) {
          problem(path + ".preferredEdge", "must name a configured edge plane (" + String.join(", ", planeIds) + ")");
        } else {
          preferred = pe.asText();
        }
      }
      Boolean failover = null;
      JsonNode f = r.get("failover");
      if (f != null && !f.isNull()) {
        if (!f.isBoolean()) {
          problem(path + ".failover", "expected true or false");
        } else {
          failover = f.asBoolean();
        }
      }
      out.put(intent, new ActiveConfig.RouteRule(preferred, failover));
    });
    return out;
  }

  /**
   * The mode policy: per degraded mode, the intents it keeps or sheds beyond their criticality's
   * default. NORMAL sheds nothing, so it has no entry; an intent both kept and shed is a problem.
   */
  private Map<ServiceMode, ActiveConfig.ModeRule> modes(JsonNode node) {
    Map<ServiceMode, ActiveConfig.ModeRule> out = new java.util.EnumMap<>(ServiceMode.class);
    if (!object(node, "$.modes")) {
      return out;
    }
    node.properties().forEach(e -> {
      String path = "$.modes." + e.getKey();
      ServiceMode mode = DEGRADED_MODES.stream().filter(m -> m.name().equals(e.getKey())).findFirst().orElse(null);
      if (mode == null) {
        problem(path, "unknown mode (known: " + DEGRADED_MODES + "; NORMAL sheds nothing)");
        return;
      }
      if (!object(e.getValue(), path)) {
        return;
      }
      onlyKnown(e.getValue(), Set.of("keep", "shed"), path);
      Set<Intent> keep = intentList(e.getValue().path("keep"), path + ".keep");
      Set<Intent> shed = intentList(e.getValue().path("shed"), path + ".shed");
      for (Intent both : keep) {
        if (shed.contains(both)) {
          problem(path, "'" + both.name() + "' is both kept and shed");
        }
      }
      out.put(mode, new ActiveConfig.ModeRule(Set.copyOf(keep), Set.copyOf(shed)));
    });
    return out;
  }

  /** The health section: the interval of the bilateral health checks, from the next check on. */
  private @Nullable Duration healthInterval(JsonNode node) {
    if (!object(node, "$.health")) {
      return null;
    }
    onlyKnown(node, Set.of("intervalMs"), "$.health");
    Long ms = integer(node, "intervalMs", "$.health", 100, 600_000);
    return ms == null ? null : Duration.ofMillis(ms);
  }

  private Set<Intent> intentList(JsonNode node, String path) {
    Set<Intent> out = new LinkedHashSet<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      problem(path, "expected an array of intent names");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode n = node.get(i);
      if (!n.isTextual()) {
        problem(path + "[" + i + "]", "expected an intent name, got " + n);
        continue;
      }
      Intent intent = intent(n.asText(), path + "[" + i + "]");
      if (intent != null) {
        out.add(intent);
      }
    }
    return out;
  }

  private ActiveConfig.OracleSettings oracle(JsonNode node) {
    ActiveConfig.OracleSettings d = ActiveConfig.OracleSettings.DEFAULTS;
    if (!object(node, "$.oracle")) {
      return d;
    }
    onlyKnown(node, ORACLE_FIELDS, "$.oracle");
    Double threshold = number(node, "confidenceThreshold", "$.oracle");
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      problem("$.oracle.confidenceThreshold", "must be within 0..1");
    }
    Long ttl = integer(node, "cacheTtlSeconds", "$.oracle", 0, 86_400);
    Set<String> remoteOnly = new LinkedHashSet<>();
    JsonNode ro = node.path("remoteOnly");
    if (!ro.isMissingNode()) {
      if (!ro.isArray()) {
        problem("$.oracle.remoteOnly", "expected an array of decision names");
      } else {
        for (int i = 0; i < ro.size(); i++) {
          if (!ro.get(i).isTextual() || ro.get(i).asText().isBlank()) {
            problem("$.oracle.remoteOnly[" + i + "]", "expected a decision name, got " + ro.get(i));
          } else {
            remoteOnly.add(ro.get(i).asText());
          }
        }
      }
    }
    List<ActiveConfig.Rule> rules = new ArrayList<>();
    JsonNode rs = node.path("rules");
    if (!rs.isMissingNode()) {
      if (!rs.isArray()) {
        problem("$.oracle.rules", "expected an array");
      } else {
        for (int i = 0; i < rs.size(); i++) {
          ActiveConfig.Rule rule = rule(rs.get(i), "$.oracle.rules[" + i + "]");
          if (rule != null) {
            rules.add(rule);
          }
        }
      }
    }
    return new ActiveConfig.OracleSettings(threshold != null ? threshold : d.confidenceThreshold(),
        Set.copyOf(remoteOnly), ttl != null ? Duration.ofSeconds(ttl) : d.maxCacheTtl(), List.copyOf(rules));
  }

  private ActiveConfig.@Nullable Rule rule(JsonNode r, String path) {
    if (!object(r, path)) {
      problem(path, "expected an object");
      return null;
    }
    onlyKnown(r, Set.of("decision", "when", "answer", "confidence"), path);
    String decision = text(r, "decision", path + ".decision");
    String answer = text(r, "answer", path + ".answer");
    Double confidence = number(r, "confidence", path);
    if (confidence == null || !(confidence >= 0 && confidence <= 1)) {
      problem(path + ".confidence", "required, within 0..1");
    }
    List<ActiveConfig.Condition> conditions = new ArrayList<>();
    JsonNode when = r.path("when");
    if (!when.isMissingNode() && !when.isObject()) {
      problem(path + ".when", "expected an object of attribute conditions");
    } else if (when.isObject()) {
      when.properties().forEach(e -> conditions.addAll(conditions(e.getKey(), e.getValue(),
          path + ".when." + e.getKey())));
    }
    if (decision == null || answer == null || confidence == null) {
      return null;
    }
    return new ActiveConfig.Rule(decision, List.copyOf(conditions), answer, confidence);
  }

  /** A value a condition can compare with: a string, number or boolean (not null, not a container). */
  private static boolean scalar(JsonNode n) {
    return n.isTextual() || n.isNumber() || n.isBoolean();
  }

  private List<ActiveConfig.Condition> conditions(String attribute, JsonNode c, String path) {
    List<ActiveConfig.Condition> out = new ArrayList<>();
    if (scalar(c)) {
      out.add(new ActiveConfig.Condition(attribute, "eq", List.of(c.asText())));
      return out;
    }
    if (!c.isObject() || c.isEmpty()) {
      problem(path, "expected a string, number or boolean, or an object of operators " + OPS);
      return out;
    }
    c.properties().forEach(e -> {
      String op = e.getKey();
      JsonNode v = e.getValue();
      if (!OPS.contains(op)) {
        problem(path + "." + op, "unknown operator (known: " + OPS + ")");
      } else if (op.equals("in")) {
        List<String> values = new ArrayList<>();
        v.forEach(x -> {
          if (scalar(x)) {
            values.add(x.asText());
          }
        });
        if (!v.isArray() || v.isEmpty() || values.size() != v.size()) {
          problem(path + ".in", "expected a non-empty array of strings, numbers or booleans");
        } else {
          out.add(new ActiveConfig.Condition(attribute, op, List.copyOf(values)));
        }
      } else if (op.equals("eq") ? !scalar(v) : !v.isNumber()) {
        problem(path + "." + op, op.equals("eq") ? "expected a string, number or boolean" : "expected a number");
      } else {
        out.add(new ActiveConfig.Condition(attribute, op, List.of(v.asText())));
      }
    });
    return out;
  }
}
