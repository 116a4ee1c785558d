package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import dev.microevent.core.budget.Slo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the plane reads from a config document beyond what SDK clients read: its version, the
 * forwarding route table and the decision models. Immutable.
 *
 * @param version the document's version
 * @param routes forwarding routes in order (the defaults follow the document's own)
 * @param models decision models by decision name
 */
public record PlaneSections(String version, List<Route> routes, Map<String, LogisticModel> models) {
  /** The plane's intent for writes no route names: keyed, so a retried write reaches the central plane once. */
  public static final Intent WRITE = Intent.of("write", Criticality.DEGRADED, Intent.Idempotence.KEYED);
  private static final Pattern DECISION = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  /**
   * Routes every document gets after its own: payments (the commerce API's checkout, {@code POST
   * /commerce/v1/checkouts}, and its fence, {@code PUT /commerce/v1/checkouts/{key}/fence}, too) and
   * gate scans keep their intent's policy and SLO even when a venue's document forgets them.
   */
  private static final List<Route> DEFAULT_ROUTES = List.of(
      new Route("/v1/payments", Set.of("POST"), Intent.PAYMENT),
      new Route("/commerce/v1/checkouts", Set.of("POST", "PUT"), Intent.PAYMENT),
      new Route("/v1/gate/scans", Set.of("POST"), Intent.GATE_SCAN));

  /**
   * A forwarding route.
   *
   * @param prefix the path prefix
   * @param methods the methods it applies to; empty for all
   * @param intent the intent the plane forwards with
   */
  public record Route(String prefix, Set<String> methods, Intent intent) {
    boolean matches(String method, String path) {
      return path.startsWith(prefix) && (methods.isEmpty() || methods.contains(method));
    }
  }

  /**
   * The intent for a request.
   *
   * @param method the HTTP method
   * @param path the path
   * @return the first matching route's intent; else read for GET and HEAD, write otherwise
   */
  public Intent intentFor(String method, String path) {
    for (Route r : routes) {
      if (r.matches(method, path)) {
        return r.intent();
      }
    }
    return method.equals("GET") || method.equals("HEAD") ? Intent.READ : WRITE;
  }

  static PlaneSections parse(JsonNode doc, List<String> problems) {
    String version = doc.path("version").asText("");
    List<Route> routes = new ArrayList<>();
    for (JsonNode r : doc.path("forwarding").path("routes")) {
      String prefix = r.path("prefix").asText("");
      Intent intent = intent(r.path("intent").asText(""));
      if (intent == null) {
        problems.add("/forwarding/routes: unknown intent '" + r.path("intent").asText("") + "'");
        continue;
      }
      Set<String> methods = new java.util.HashSet<>();
      r.path("methods").forEach(m -> methods.add(m.asText("").toUpperCase(Locale.ROOT)));
      routes.add(new Route(prefix, Set.copyOf(methods), intent));
    }
    routes.addAll(DEFAULT_ROUTES);
    Map<String, LogisticModel> models = new LinkedHashMap<>();
    doc.path("models").properties().forEach(e -> {
      if (!DECISION.matcher(e.getKey()).matches()) {
        problems.add("/models: '" + e.getKey() + "' is not a decision name ([a-z][a-z0-9_-]{0,31})");
        return;
      }
      JsonNode m = e.getValue();
      Map<String, Double> weights = new LinkedHashMap<>();
      m.path("weights").properties().forEach(w -> weights.put(w.getKey(), w.getValue().asDouble()));
      models.put(e.getKey(), new LogisticModel(m.path("bias").asDouble(0), Map.copyOf(weights),
          m.path("threshold").asDouble(0.5), m.path("positive").asText(""), m.path("negative").asText(""),
          m.path("ttlSeconds").asLong(0)));
    });
    return new PlaneSections(version, List.copyOf(routes), Map.copyOf(models));
  }

  /**
   * The SLOs of a document's {@code slos} section, for the intents the plane forwards with (a
   * member that is not a known intent with a valid target is skipped: the document was validated).
   *
   * @param doc the document's bytes
   * @return SLO per intent
   */
  public static Map<Intent, Slo> slos(byte[] doc) {
    Map<Intent, Slo> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : PlaneJson.read(doc, "the config document").path("slos").properties()) {
      Intent i = intent(e.getKey());
      double target = e.getValue().path("target").asDouble(-1);
      if (i != null && target > 0 && target < 1) {
        out.put(i, new Slo(target));
      }
    }
    return out;
  }

  private static @Nullable Intent intent(String name) {
    if (name.equals(WRITE.name())) {
      return WRITE;
    }
    for (Intent i : Intent.builtIns()) {
      if (i.name().equals(name)) {
        return i;
      }
    }
    return null;
  }

  /**
   * A logistic decision model.
   *
   * @param bias the intercept
   * @param weights weight per attribute name
   * @param threshold the probability at or above which the answer is positive
   * @param positive the positive answer
   * @param negative the negative answer
   * @param ttlSeconds how long callers may reuse an answer
   */
  public record LogisticModel(double bias, Map<String, Double> weights, double threshold, String positive,
      String negative, long ttlSeconds) {
    /**
     * Scores attributes.
     *
     * @param attributes the request's attributes
     * @return the answer and its confidence
     */
    public Answer answer(Map<String, String> attributes) {
      double z = bias;
      for (Map.Entry<String, Double> w : weights.entrySet()) {
        z += w.getValue() * number(attributes.get(w.getKey()));
      }
      double p = 1 / (1 + Math.exp(-z));
      return p >= threshold ? new Answer(positive, p) : new Answer(negative, 1 - p);
    }

    private static double number(@Nullable String text) {
      if (text == null || text.length() > 32) {
        return 0;
      }
      try {
        double d = Double.parseDouble(text);
        return Double.isFinite(d) ? d : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /**
   * A model's answer.
   *
   * @param value the answer
   * @param confidence its confidence, 0 to 1
   */
  public record Answer(String value, double confidence) {}
}
