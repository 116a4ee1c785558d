package dev.microevent.slices;

import dev.microevent.core.Intent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One URSP-like rule: a precedence (lower is evaluated first), a traffic descriptor (intents and
 * optional host, port and path patterns; all that are given must match) and a route selection
 * (the slice to use, then its fallbacks in order; {@link SliceId#DEFAULT_NETWORK} is a valid
 * route).
 *
 * <pre>{@code
 * SliceRule payments = SliceRule.builder(10)
 *     .intents(Intent.PAYMENT)
 *     .routes(SliceId.of("checkout"), SliceId.DEFAULT_NETWORK)
 *     .build();
 * }</pre>
 *
 * <p>Host patterns are globs ({@code *.pay.example.com}), case-insensitive, matched against the
 * plane's host. Path patterns are globs too ({@code /v1/checkout*}), matched against the request's
 * path as the app gave it to the core client (without the query, before the plane's base path),
 * or against the destination's path in explicit look-ups ({@link SliceSteering#route}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SliceRule {
  private final int precedence;
  private final Set<Intent> intents;
  private final @Nullable String hostPattern;
  private final @Nullable Pattern hostRegex;
  private final int portFrom;
  private final int portTo;
  private final @Nullable String pathPattern;
  private final @Nullable Pattern pathRegex;
  private final List<SliceId> routes;
  private final Set<SliceId> borrowing;

  private SliceRule(Builder b) {
    this.precedence = b.precedence;
    this.intents = Set.copyOf(b.intents);
    this.hostPattern = b.hostPattern;
    this.hostRegex = b.hostPattern == null ? null : glob(b.hostPattern.toLowerCase(Locale.ROOT));
    this.portFrom = b.portFrom;
    this.portTo = b.portTo;
    this.pathPattern = b.pathPattern;
    this.pathRegex = b.pathPattern == null ? null : glob(b.pathPattern);
    this.routes = List.copyOf(b.routes);
    this.borrowing = Set.copyOf(b.borrowing);
  }

  private static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (re.length() > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString());
  }

  /**
   * A builder.
   *
   * @param precedence 0..255, unique within a plan; lower is evaluated first
   * @return a new builder; not thread-safe
   */
  public static Builder builder(int precedence) {
    return new Builder(precedence);
  }

  /**
   * The match-all rule: everything not matched before goes this way.
   *
   * @param precedence its precedence, normally the highest number (255)
   * @param routes the route selection
   * @return the rule
   */
  public static SliceRule matchAll(int precedence, SliceId... routes) {
    return builder(precedence).routes(routes).build();
  }

  /**
   * Evaluation order; lower first.
   *
   * @return the evaluation order; rules with a lower precedence are tried first
   */
  public int precedence() {
    return precedence;
  }

  /** {@return the intents the rule matches; empty matches any intent} */
  public Set<Intent> intents() {
    return intents;
  }

  /** {@return the host glob, if any} */
  public Optional<String> hostPattern() {
    return Optional.ofNullable(hostPattern);
  }

  /** {@return the lowest matching port, or 0 when any port matches} */
  public int portFrom() {
    return portFrom;
  }

  /** {@return the highest matching port, or 65535 when any port matches} */
  public int portTo() {
    return portTo;
  }

  /** {@return the path glob, if any} */
  public Optional<String> pathPattern() {
    return Optional.ofNullable(pathPattern);
  }

  /** {@return the route selection: the preferred slice first, then fallbacks in order} */
  public List<SliceId> routes() {
    return routes;
  }

  /**
   * Slices this rule may use although they are reserved for other intents.
   *
   * @return the slices this rule may use although they are reserved for other intents
   */
  public Set<SliceId> borrowing() {
    return borrowing;
  }

  /** {@return whether the rule matches every flow} */
  public boolean isMatchAll() {
    return intents.isEmpty() && hostPattern == null && pathPattern == null && portFrom == 0 && portTo == 65535;
  }

  /**
   * Whether a flow matches this rule's traffic descriptor.
   *
   * @param intent the call's intent
   * @param host the destination host, or {@code null} if unknown (then host patterns fail)
   * @param port the destination port, or -1 if unknown (then port ranges fail)
   * @param path the request path, or {@code null} if unknown (then path patterns fail)
   * @return whether every given component matches
   */
  public boolean matches(Intent intent, @Nullable String host, int port, @Nullable String path) {
    Objects.requireNonNull(intent, "intent");
    if (!intents.isEmpty() && !intents.contains(intent)) {
      return false;
    }
    Pattern h = hostRegex;
    if (h != null && (host == null || !h.matcher(host.toLowerCase(Locale.ROOT)).matches())) {
      return false;
    }
    if ((portFrom != 0 || portTo != 65535) && (port < portFrom || port > portTo)) {
      return false;
    }
    Pattern p = pathRegex;
    return p == null || (path != null && p.matcher(stripQuery(path)).matches());
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SliceRule r && r.precedence == precedence && r.intents.equals(intents)
        && Objects.equals(r.hostPattern, hostPattern) && r.portFrom == portFrom && r.portTo == portTo
        && Objects.equals(r.pathPattern, pathPattern) && r.routes.equals(routes) && r.borrowing.equals(borrowing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(precedence, intents, hostPattern, portFrom, portTo, pathPattern, routes, borrowing);
  }

  @Override
  public String toString() {
    return "SliceRule{" + precedence + ": " + (intents.isEmpty() ? "any intent" : intents)
        + (hostPattern != null ? " host " + hostPattern : "")
        + (portFrom != 0 || portTo != 65535 ? " port " + portFrom + "-" + portTo : "")
        + (pathPattern != null ? " path " + pathPattern : "") + " -> " + routes
        + (borrowing.isEmpty() ? "" : " borrowing " + borrowing) + "}";
  }

  /** Builds a {@link SliceRule}. Not thread-safe. */
  public static final class Builder {
    private final int precedence;
    private final Set<Intent> intents = new LinkedHashSet<>();
    private @Nullable String hostPattern;
    private int portFrom = 0;
    private int portTo = 65535;
    private @Nullable String pathPattern;
    private final List<SliceId> routes = new ArrayList<>();
    private final Set<SliceId> borrowing = new LinkedHashSet<>();

    private Builder(int precedence) {
      if (precedence < 0 || precedence > 255) {
        throw new IllegalArgumentException("rule precedence is 0..255, got " + precedence);
      }
      this.precedence = precedence;
    }

    /**
     * The intents to match; default any intent.
     *
     * @param intents one or more intents
     * @return this builder
     */
    public Builder intents(Intent... intents) {
      for (Intent i : intents) {
        this.intents.add(Objects.requireNonNull(i, "intent"));
      }
      return this;
    }

    /**
     * A destination host glob, e.g. {@code "*.pay.example.com"}; default any host.
     *
     * @param glob the pattern, {@code *} matching any run of characters
     * @return this builder
     */
    public Builder host(String glob) {
      Objects.requireNonNull(glob, "glob");
      if (glob.isBlank()) {
        throw new IllegalArgumentException("host pattern must not be blank");
      }
      this.hostPattern = glob;
      return this;
    }

    /**
     * A destination port range; default any port.
     *
     * @param from lowest port, 0..65535
     * @param to highest port, from..65535
     * @return this builder
     */
    public Builder ports(int from, int to) {
      if (from < 0 || to > 65535 || from > to) {
        throw new IllegalArgumentException("port range must be within 0..65535 and from <= to, got " + from + "-" + to);
      }
      this.portFrom = from;
      this.portTo = to;
      return this;
    }

    /**
     * A request path glob, e.g. {@code "/v1/checkout*"}; default any path.
     *
     * @param glob the pattern, starting with {@code /}
     * @return this builder
     */
    public Builder path(String glob) {
      Objects.requireNonNull(glob, "glob");
      if (!glob.startsWith("/") && !glob.startsWith("*")) {
        throw new IllegalArgumentException("path pattern must start with '/' or '*', got '" + glob + "'");
      }
      this.pathPattern = glob;
      return this;
    }

    /**
     * The route selection: the preferred slice, then fallbacks in order. Required.
     *
     * @param routes one or more slice ids, each at most once
     * @return this builder
     */
    public Builder routes(SliceId... routes) {
      this.routes.clear();
      for (SliceId r : routes) {
        Objects.requireNonNull(r, "route");
        if (this.routes.contains(r)) {
          throw new IllegalArgumentException("route " + r + " is listed twice in rule " + precedence);
        }
        this.routes.add(r);
      }
      return this;
    }

    /**
     * Explicitly lets this rule use a slice that is reserved for other intents (see {@link
     * Slice.Builder#exclusiveTo}). Without this, a plan that routes an intent onto another
     * intent's slice is refused at build time.
     *
     * @param slice the reserved slice to borrow
     * @return this builder
     */
    public Builder borrowing(SliceId slice) {
      borrowing.add(Objects.requireNonNull(slice, "slice"));
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalStateException if no route was given
     */
    public SliceRule build() {
      if (routes.isEmpty()) {
        throw new IllegalStateException("rule " + precedence + " needs at least one route: routes(...)");
      }
      return new SliceRule(this);
    }
  }
}
