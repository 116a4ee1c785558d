package dev.microevent.commerce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.core.SdkException;
import dev.microevent.core.internal.Json;
import dev.microevent.core.spi.ConfigSection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A section of the plane's config document that steers one of the commerce client's configs: an
 * object of optional members, each laid over the config the app's builder set. {@link #CACHE}
 * steers {@link ReadCacheConfig}, {@link #PROBES} steers {@link ProbeConfig}.
 *
 * <p>Parsing is strict and never throws: a section that is not an object, an unknown member, a
 * value of the wrong type (an integer member takes only an integral JSON number within a long;
 * {@code null} is a wrong type), a non-finite number or one outside the plane's bounds is a
 * problem named with its member. The plane's bounds narrow what the config itself allows; what
 * the config's builder checks (e.g. a jitter within 0..0.5) is checked by that builder, one
 * member at a time, and its message becomes the problem. Immutable and thread-safe.
 *
 * @param <C> the config
 * @param <B> its builder
 */
final class SteeredSection<C, B> {
  /** The {@code cache} section: the read cache's local-read weight, staleness bound and steered refresh. */
  static final SteeredSection<ReadCacheConfig, ReadCacheConfig.Builder> CACHE = new SteeredSection<>("cache",
      ReadCacheConfig.defaults(), ReadCacheConfig::toBuilder, ReadCacheConfig.Builder::build, List.of(
          Member.number("localReadTarget", ReadCacheConfig.Builder::localReadTarget),
          Member.millis("maxStalenessMs", 0, 86_400_000, ReadCacheConfig.Builder::maxStaleness),
          Member.millis("steeredRefreshMs", 100, 3_600_000, ReadCacheConfig.Builder::steeredRefreshInterval)));

  /** The {@code probes} section: the synthetic probe's period and jitter. */
  static final SteeredSection<ProbeConfig, ProbeConfig.Builder> PROBES = new SteeredSection<>("probes",
      ProbeConfig.defaults(), ProbeConfig::toBuilder, ProbeConfig.Builder::build, List.of(
          Member.millis("intervalMs", 1_000, 3_600_000, ProbeConfig.Builder::interval),
          Member.number("jitter", ProbeConfig.Builder::jitter)));

  private final String name;
  private final C defaults;
  private final Function<C, B> toBuilder;
  private final Function<B, C> build;
  private final Map<String, Member<B>> members;

  private SteeredSection(String name, C defaults, Function<C, B> toBuilder, Function<B, C> build,
      List<Member<B>> members) {
    this.name = name;
    this.defaults = defaults;
    this.toBuilder = toBuilder;
    this.build = build;
    Map<String, Member<B>> m = new LinkedHashMap<>();
    members.forEach(member -> m.put(member.name(), member));
    this.members = Map.copyOf(m);
  }

  /** {@return the document's top-level member this section reads} */
  String name() {
    return name;
  }

  /**
   * The section as the core client's {@link ConfigSection}.
   *
   * @param applied hears each accepted value, null when a document lacks the section
   * @return the section to register
   */
  ConfigSection<Value> owned(Consumer<@Nullable Value> applied) {
    return new ConfigSection<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public @Nullable Value parse(byte[] json, Problems problems) {
        return SteeredSection.this.parse(json, problems);
      }

      @Override
      public void apply(@Nullable Value value) {
        applied.accept(value);
      }

      @Override
      public String toString() {
        return "sdk-commerce's '" + name + "' section";
      }
    };
  }

  /**
   * Reads and checks the section; reports every problem.
   *
   * @param json the section's JSON
   * @param problems where problems go
   * @return the members it sets, or null when a problem was reported
   */
  @Nullable Value parse(byte[] json, ConfigSection.Problems problems) {
    JsonNode root;
    try {
      root = Json.readStrictTree(json);
    } catch (SdkException e) {
      problems.report("", String.valueOf(e.getMessage()));
      return null;
    }
    if (!root.isObject()) {
      problems.report("", "expected an object with the optional members " + known() + ", got " + kind(root));
      return null;
    }
    Map<String, Number> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      Member<B> member = members.get(field.getKey());
      String problem;
      if (member == null) {
        problem = "unknown member (known: " + known() + ")";
      } else {
        problem = member.check(field.getValue());
        if (problem == null) {
          Number v = member.value(field.getValue());
          problem = checkedByBuilder(member, v);
          values.put(member.name(), v);
        }
      }
      if (problem != null) {
        problems.report(field.getKey(), problem);
        ok = false;
      }
    }
    return ok ? new Value(values) : null;
  }

  /** What the config's own builder says about one member's value, or null when it takes it. */
  private @Nullable String checkedByBuilder(Member<B> member, Number value) {
    B b = toBuilder.apply(defaults);
    member.set().accept(b, value);
    try {
      return build.apply(b) == null ? "no value" : null;
    } catch (IllegalArgumentException e) {
      return String.valueOf(e.getMessage());
    }
  }

  /**
   * The config in effect: the builder's, with the members the section sets laid over it.
   *
   * @param base what the app's builder set
   * @param value the section, or null for none
   * @return the config
   */
  C over(C base, @Nullable Value value) {
    if (value == null || value.members().isEmpty()) {
      return base;
    }
    B b = toBuilder.apply(base);
    value.members().forEach((member, v) -> Objects.requireNonNull(members.get(member)).set().accept(b, v));
    return build.apply(b);
  }

  private String known() {
    return members.keySet().stream().sorted().collect(Collectors.joining(", "));
  }

  private static String kind(JsonNode n) {
    return n.isNumber() ? "a number" : n.isTextual() ? "a string" : n.isBoolean() ? "a boolean"
        : n.isArray() ? "an array" : n.isObject() ? "an object" : "null";
  }

  /**
   * A validated section: the members it sets, by name (a {@code Long} for an integer member, a
   * {@code Double} for a number member).
   *
   * @param members the values
   */
  record Value(Map<String, Number> members) {
    Value {
      members = Map.copyOf(members);
    }
  }

  /**
   * One member: an integer of milliseconds within the plane's bounds, or a finite number that only
   * the config's builder bounds.
   */
  private record Member<B>(String name, boolean integer, long min, long max, BiConsumer<B, Number> set) {
    static <B> Member<B> millis(String name, long min, long max, BiConsumer<B, Duration> set) {
      return new Member<>(name, true, min, max, (b, v) -> set.accept(b, Duration.ofMillis(v.longValue())));
    }

    static <B> Member<B> number(String name, BiConsumer<B, Double> set) {
      return new Member<>(name, false, 0, 0, (b, v) -> set.accept(b, v.doubleValue()));
    }

    /** {@return what is wrong with the value, or null when its type and the plane's bounds hold} */
    @Nullable String check(JsonNode n) {
      if (integer) {
        // canConvertToLong: a big integer beyond long would otherwise wrap into the range.
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
          return "expected an integer within " + min + ".." + max + ", got " + shown(n);
        }
        return null;
      }
      if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
        return "expected a finite number, got " + shown(n);
      }
      return null;
    }

    Number value(JsonNode n) {
      return integer ? (Number) n.asLong() : (Number) n.doubleValue();
    }

    /** The value as the problem shows it: scalars as sent (numbers are at most 100 characters), containers by kind. */
    private static String shown(JsonNode n) {
      if (n.isContainerNode()) {
        return kind(n);
      }
      String text = n.toString();
      return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
  }
}
