package dev.microevent.slices;

import dev.microevent.core.Intent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The whole slice set-up of an app: its slices, the rules that map traffic onto them, and how
 * slice health is judged. Validated when built: rule precedences are unique, every route names a
 * known slice (or the default network), at most one rule matches everything, and no rule puts an
 * intent onto a slice reserved for other intents unless it explicitly borrows it.
 *
 * <p>Traffic no rule matches goes over the default network.
 *
 * <pre>{@code
 * SlicePlan plan = SlicePlan.playbook(checkout, streaming);       // the field playbook defaults
 * SlicePlan custom = SlicePlan.builder()
 *     .addSlice(checkout).addSlice(streaming)
 *     .addRule(SliceRule.builder(10).intents(Intent.PAYMENT, Intent.GATE_SCAN)
 *         .routes(checkout.id(), SliceId.DEFAULT_NETWORK).build())
 *     .addRule(SliceRule.matchAll(255, SliceId.DEFAULT_NETWORK))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @see SliceSteering
 */
public final class SlicePlan {
  private final Map<SliceId, Slice> slices;
  private final List<SliceRule> rules;
  private final SliceHealthConfig health;

  private SlicePlan(Builder b) {
    this.slices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.slices));
    List<SliceRule> sorted = new ArrayList<>(b.rules);
    sorted.sort(Comparator.comparingInt(SliceRule::precedence));
    this.rules = List.copyOf(sorted);
    this.health = b.health;
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The field playbook: PAYMENT rides the checkout slice (falling back to the default network),
   * STREAM_UPLINK rides the streaming slice (falling back to the default network), everything
   * else uses the default network. Streaming never falls back onto the checkout slice.
   *
   * @param checkout the low-latency checkout slice
   * @param streaming the streaming slice
   * @return the plan, with default health settings
   */
  public static SlicePlan playbook(Slice checkout, Slice streaming) {
    return builder().addSlice(checkout).addSlice(streaming)
        .addRule(SliceRule.builder(10).intents(Intent.PAYMENT)
            .routes(checkout.id(), SliceId.DEFAULT_NETWORK).build())
        .addRule(SliceRule.builder(20).intents(Intent.STREAM_UPLINK)
            .routes(streaming.id(), SliceId.DEFAULT_NETWORK).build())
        .addRule(SliceRule.matchAll(255, SliceId.DEFAULT_NETWORK))
        .build();
  }

  /** {@return a builder holding this plan} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.slices.putAll(slices);
    b.rules.addAll(rules);
    b.health = health;
    return b;
  }

  /** {@return the slices, in the order added} */
  public Map<SliceId, Slice> slices() {
    return slices;
  }

  /**
   * One slice.
   *
   * @param id its id
   * @return the slice, or empty for unknown ids and the default network
   */
  public Optional<Slice> slice(SliceId id) {
    return Optional.ofNullable(slices.get(id));
  }

  /** {@return the rules, by ascending precedence} */
  public List<SliceRule> rules() {
    return rules;
  }

  /** {@return how slice health is judged} */
  public SliceHealthConfig health() {
    return health;
  }

  /**
   * The first rule (by precedence) matching a flow.
   *
   * @param intent the intent
   * @param host destination host, or {@code null} if unknown
   * @param port destination port, or -1 if unknown
   * @param path request path, or {@code null} if unknown
   * @return the rule, or empty when the default network applies
   */
  public Optional<SliceRule> match(Intent intent, @Nullable String host, int port, @Nullable String path) {
    for (SliceRule r : rules) {
      if (r.matches(intent, host, port, path)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlicePlan p && p.slices.equals(slices) && p.rules.equals(rules) && p.health.equals(health);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slices, rules, health);
  }

  @Override
  public String toString() {
    return "SlicePlan{slices=" + slices.keySet() + ", rules=" + rules + "}";
  }

  /** Builds a {@link SlicePlan}. Not thread-safe. */
  public static final class Builder {
    private final Map<SliceId, Slice> slices = new LinkedHashMap<>();
    private final List<SliceRule> rules = new ArrayList<>();
    private SliceHealthConfig health = SliceHealthConfig.defaults();

    private Builder() {}

    /**
     * Adds a slice.
     *
     * @param slice a slice with an id not used yet
     * @return this builder
     */
    public Builder addSlice(Slice slice) {
      Objects.requireNonNull(slice, "slice");
      if (slices.putIfAbsent(slice.id(), slice) != null) {
        throw new IllegalArgumentException("slice id " + slice.id() + " is already used");
      }
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param rule a rule with a precedence not used yet
     * @return this builder
     */
    public Builder addRule(SliceRule rule) {
      Objects.requireNonNull(rule, "rule");
      for (SliceRule r : rules) {
        if (r.precedence() == rule.precedence()) {
          throw new IllegalArgumentException("rule precedence " + rule.precedence() + " is already used by " + r);
        }
      }
      rules.add(rule);
      return this;
    }

    /**
     * How slice health is judged; default {@link SliceHealthConfig#defaults()}.
     *
     * @param health the settings
     * @return this builder
     */
    public Builder health(SliceHealthConfig health) {
      this.health = Objects.requireNonNull(health, "health");
      return this;
    }

    /**
     * Validates and builds the plan.
     *
     * @return the plan
     * @throws IllegalStateException naming the rule and slice when a route is unknown, two rules
     *     match everything, or a rule would put an intent onto a slice reserved for others
     */
    public SlicePlan build() {
      SliceRule matchAll = null;
      for (SliceRule r : rules) {
        if (r.isMatchAll()) {
          if (matchAll != null) {
            throw new IllegalStateException("only one rule may match all traffic, found " + matchAll + " and " + r);
          }
          matchAll = r;
        }
        for (SliceId route : r.routes()) {
          if (route.isDefaultNetwork()) {
            continue;
          }
          Slice s = slices.get(route);
          if (s == null) {
            throw new IllegalStateException(r + " routes to unknown slice " + route + "; add it with addSlice(...)");
          }
          checkIsolation(r, s);
        }
        for (SliceId borrowed : r.borrowing()) {
          if (!r.routes().contains(borrowed)) {
            throw new IllegalStateException(r + " borrows " + borrowed + " but does not route to it");
          }
        }
      }
      return new SlicePlan(this);
    }

    private static void checkIsolation(SliceRule r, Slice s) {
      if (s.exclusiveTo().isEmpty() || r.borrowing().contains(s.id())) {
        return;
      }
      if (r.intents().isEmpty()) {
        throw new IllegalStateException(r + " matches any intent but slice " + s.id() + " is reserved for "
            + s.exclusiveTo() + "; restrict the rule's intents or add borrowing(" + s.id() + ")");
      }
      for (Intent i : r.intents()) {
        if (!s.admits(i)) {
          throw new IllegalStateException(r + " would put " + i + " onto slice " + s.id() + ", which is reserved for "
              + s.exclusiveTo() + "; remove the route or add borrowing(" + s.id() + ") to allow it explicitly");
        }
      }
    }
  }
}
