package dev.microevent.commerce.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The caching rules of one response, read from {@code Cache-Control}, {@code Age}, {@code
 * Expires} and {@code Date} as a private cache reads them (RFC 9111, RFC 5861). Directive names
 * are case-insensitive, arguments may be tokens or quoted strings, and an invalid or duplicated
 * freshness directive makes the response stale (RFC 9111 §4.2.1). {@code s-maxage} is for shared
 * caches and ignored. Clock skew cannot make a copy stale or fresh: age comes from {@code Age}
 * and the response's own {@code Expires - Date}, never from the device clock against {@code Date}.
 * Every number is read through {@link #deltaSeconds}, clamped to 2^31 s (RFC 9111 §1.2.2), so no
 * header value can overflow a duration. An {@code ETag} that is not an entity-tag the cache can
 * send back in {@code If-None-Match} (RFC 9110 §8.8.3, printable ASCII) counts as absent.
 *
 * @param freshness how long the response is fresh after it was generated
 * @param initialAge its age when it arrived ({@code Age})
 * @param staleWhileRevalidate how long after expiry it may be served while revalidating
 * @param staleIfError how long after expiry it may be served when the backend cannot answer
 * @param noStore must not be stored
 * @param noCache must be revalidated before every use
 * @param mustRevalidate must never be served stale
 * @param varyNeverMatches its {@code Vary} names {@code *} or a field every request carries anew
 *     (the trace context), so no later request can be answered with it (RFC 9111 §4.1)
 * @param etag the validator, or null
 */
record CacheControl(
    Duration freshness,
    Duration initialAge,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    boolean noStore,
    boolean noCache,
    boolean mustRevalidate,
    boolean varyNeverMatches,
    @Nullable String etag) {

  /** RFC 9111 caps delta-seconds at 2^31. */
  static final long MAX_DELTA = 2_147_483_648L;
  /** The longest duration any header can give: {@link #MAX_DELTA} seconds. */
  static final Duration LONGEST = Duration.ofSeconds(MAX_DELTA);
  /**
   * An entity-tag (RFC 9110 §8.8.3) without obs-text: the request builder sends printable ASCII
   * only, so a validator with other bytes could never be sent back.
   */
  private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"[\\x21\\x23-\\x7e]*\"");
  /**
   * Request fields that differ on every request of a path: every attempt carries its own trace
   * context. A response that varies on them can never match a later request.
   */
  private static final Set<String> PER_REQUEST_FIELDS = Set.of("*", "traceparent", "tracestate");

  /**
   * Reads the rules of a response.
   *
   * @param headers response headers by lower-case name
   * @return its rules
   */
  static CacheControl of(Map<String, List<String>> headers) {
    Map<String, String> d = new java.util.HashMap<>();
    Set<String> invalid = new HashSet<>();
    boolean noStore = false;
    boolean noCache = false;
    boolean mustRevalidate = false;
    for (String value : headers.getOrDefault("cache-control", List.of())) {
      for (String part : split(value)) {
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String arg = eq < 0 ? null : unquote(part.substring(eq + 1).strip());
        switch (name) {
          case "no-store" -> noStore = true;
          // no-cache with field names only restricts those fields; treat it as plain no-cache (stricter).
          case "no-cache" -> noCache = true;
          case "must-revalidate", "proxy-revalidate" -> mustRevalidate = true;
          case "max-age", "stale-while-revalidate", "stale-if-error" -> {
            if (arg == null || d.containsKey(name)) {
              invalid.add(name);
            } else {
              d.put(name, arg);
            }
          }
          default -> { } // unknown directives are ignored (RFC 9111 §5.2.3)
        }
      }
    }
    // A list-based Age: its first member; an invalid one is ignored (RFC 9111 §5.1).
    String age = first(headers, "age");
    Duration initialAge = seconds(age == null ? null : age.split(",", 2)[0].strip()).orElse(Duration.ZERO);
    Duration freshness;
    if (invalid.contains("max-age")) {
      freshness = Duration.ZERO;
    } else if (d.containsKey("max-age")) {
      freshness = seconds(d.get("max-age")).orElse(Duration.ZERO);
    } else {
      freshness = expiresMinusDate(first(headers, "expires"), first(headers, "date"));
    }
    return new CacheControl(
        freshness,
        initialAge,
        invalid.contains("stale-while-revalidate") ? Duration.ZERO
            : seconds(d.get("stale-while-revalidate")).orElse(Duration.ZERO),
        invalid.contains("stale-if-error") ? Duration.ZERO : seconds(d.get("stale-if-error")).orElse(Duration.ZERO),
        noStore,
        noCache,
        mustRevalidate,
        varyNeverMatches(headers.getOrDefault("vary", List.of())),
        entityTag(first(headers, "etag")));
  }

  /** Whether the response may be kept at all: not {@code no-store}, and a later request can match it. */
  boolean keepable() {
    return !noStore && !varyNeverMatches;
  }

  /** Whether there is any reason to keep the response. */
  boolean storable() {
    return keepable() && (freshness.compareTo(Duration.ZERO) > 0 || staleWhileRevalidate.compareTo(Duration.ZERO) > 0
        || staleIfError.compareTo(Duration.ZERO) > 0 || etag != null);
  }

  /** These rules, keeping a validator when the new response carries none. */
  CacheControl withEtag(@Nullable String validator) {
    return new CacheControl(freshness, initialAge, staleWhileRevalidate, staleIfError, noStore, noCache,
        mustRevalidate, varyNeverMatches, validator);
  }

  /** The same rules, with the age reset (after a successful revalidation). */
  CacheControl revalidated() {
    return new CacheControl(freshness, Duration.ZERO, staleWhileRevalidate, staleIfError, noStore, noCache,
        mustRevalidate, varyNeverMatches, etag);
  }

  /**
   * Reads delta-seconds (RFC 9111 §1.2.2): one or more digits, clamped to 2^31 however many there
   * are; the one numeric parser of the cache's headers.
   *
   * @param v the value, or null
   * @return the seconds, at most {@link #MAX_DELTA}; -1 when absent or not delta-seconds
   */
  static long deltaSeconds(@Nullable String v) {
    if (v == null || v.isEmpty()) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = Math.min(n * 10 + (c - '0'), MAX_DELTA); // n * 10 stays far below Long.MAX_VALUE
    }
    return n;
  }

  private static java.util.Optional<Duration> seconds(@Nullable String v) {
    long n = deltaSeconds(v);
    return n < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofSeconds(n));
  }

  private static boolean varyNeverMatches(List<String> vary) {
    for (String line : vary) {
      for (String field : split(line)) {
        if (PER_REQUEST_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }

  private static @Nullable String entityTag(@Nullable String etag) {
    return etag != null && ENTITY_TAG.matcher(etag).matches() ? etag : null;
  }

  private static Duration expiresMinusDate(@Nullable String expires, @Nullable String date) {
    if (expires == null || date == null) {
      return Duration.ZERO;
    }
    try {
      ZonedDateTime e = ZonedDateTime.parse(expires.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
      ZonedDateTime dt = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(dt, e);
      return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST) > 0 ? LONGEST : d;
    } catch (DateTimeException invalidMeansExpired) {
      return Duration.ZERO;
    }
  }

  private static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0).strip();
  }

  /** Splits on commas outside quoted strings. */
  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < value.length()) {
        cur.append(c).append(value.charAt(++i));
        continue;
      }
      if (c == ',' && !quoted) {
        add(parts, cur);
      } else {
        cur.append(c);
      }
    }
    add(parts, cur);
    return parts;
  }

  private static void add(List<String> parts, StringBuilder cur) {
    String s = cur.toString().strip();
    if (!s.isEmpty()) {
      parts.add(s);
    }
    cur.setLength(0);
  }

  private static String unquote(String arg) {
    if (arg.length() >= 2 && arg.startsWith("\"") && arg.endsWith("\"")) {
      return arg.substring(1, arg.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return arg;
  }
}
