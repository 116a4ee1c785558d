package dev.microevent.core.oracle;

import dev.microevent.core.Intent;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A question for the {@link HybridOracle}: a named decision and the attributes it depends on.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * DecisionRequest.of("upsell", Map.of("sku", "tee-black", "cartSize", "3"));
 * }</pre>
 */
public final class DecisionRequest {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private final String decision;
  private final Intent intent;
  private final Map<String, String> attributes;

  private DecisionRequest(String decision, Intent intent, Map<String, String> attributes) {
    this.decision = decision;
    this.intent = intent;
    this.attributes = attributes;
  }

  /**
   * A non-critical decision (asked remotely as {@link Intent#READ} when needed).
   *
   * @param decision a short token naming the decision, e.g. {@code upsell}
   * @param attributes what it depends on
   * @return the request
   */
  public static DecisionRequest of(String decision, Map<String, String> attributes) {
    return of(decision, Intent.READ, attributes);
  }

  /**
   * A decision made for an intent; CRITICAL intents always ask the cloud first.
   *
   * @param decision a short token naming the decision
   * @param intent the intent of the remote question
   * @param attributes what it depends on
   * @return the request
   */
  public static DecisionRequest of(String decision, Intent intent, Map<String, String> attributes) {
    Objects.requireNonNull(decision, "decision");
    if (!NAME.matcher(decision).matches()) {
      throw new IllegalArgumentException("decision must match " + NAME.pattern() + ", got '" + decision + "'");
    }
    return new DecisionRequest(decision, Objects.requireNonNull(intent, "intent"),
        Map.copyOf(new TreeMap<>(Objects.requireNonNull(attributes, "attributes"))));
  }

  /** {@return the decision's name} */
  public String decision() {
    return decision;
  }

  /** {@return the intent of the remote question} */
  public Intent intent() {
    return intent;
  }

  /** {@return the attributes the decision depends on, by name} */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * {@return a stable cache key: the decision and its attributes in key order} Every name and value
   * is length-prefixed, so two different requests never share a key (with plain {@code k=v, k=v}
   * text, a value holding {@code ", b=2"} would pass for a second attribute).
   */
  public String key() {
    StringBuilder b = new StringBuilder(decision).append('{');
    new TreeMap<>(attributes).forEach((k, v) -> b.append(k.length()).append(':').append(k)
        .append(v.length()).append(':').append(v));
    return b.append('}').toString();
  }

  @Override
  public String toString() {
    return decision + attributes;
  }
}
