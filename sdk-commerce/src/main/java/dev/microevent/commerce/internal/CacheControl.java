package dev.microevent.commerce.internal;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The caching rules of one response, read from {@code Cache-Control}, {@code Age}, {@code
 * Expires} and {@code Date} as a private cache reads them (RFC 9111, RFC 5861). Directive names
 * are case-insensitive, arguments may be tokens or quoted strings, and an invalid or duplicated
 * freshness directive makes the response stale (RFC 9111 §4.2.1). {@code s-maxage} is for shared
 * caches and ignored. Clock skew cannot make a copy stale or fresh: age comes from {@code Age}
 * and the response's own {@code Expires - Date}, never from the device clock against {@code Date}.
 *
 * @param freshness how long the response is fresh after it was generated
 * @param initialAge its age when it arrived ({@code Age})
 * @param staleWhileRevalidate how long after expiry it may be served while revalidating
 * @param staleIfError how long after expiry it may be served when the backend cannot answer
 * @param noStore must not be stored
 * @param noCache must be revalidated before every use
 * @param mustRevalidate must never be served stale
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
    @Nullable String etag) {

  /** RFC 9111 caps delta-seconds at 2^31. */
  private static final long MAX_DELTA = 2_147_483_648L;

  /** What a response without any caching headers gets: nothing to keep. */
  static final CacheControl NONE =
      new CacheControl(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, false, false, null);

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
    Duration initialAge = seconds(first(headers, "age")).orElse(Duration.ZERO);
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
        first(headers, "etag"));
  }

  /** Whether there is any reason to keep the response. */
  boolean storable() {
    return !noStore && (freshness.compareTo(Duration.ZERO) > 0 || staleWhileRevalidate.compareTo(Duration.ZERO) > 0
        || staleIfError.compareTo(Duration.ZERO) > 0 || etag != null);
  }

  /** These rules, keeping a validator when the new response carries none. */
  CacheControl withEtag(@Nullable String validator) {
    return new CacheControl(freshness, initialAge, staleWhileRevalidate, staleIfError, noStore, noCache,
        mustRevalidate, validator);
  }

  /** The same rules, with the age reset (after a successful revalidation). */
  CacheControl revalidated() {
    return new CacheControl(freshness, Duration.ZERO, staleWhileRevalidate, staleIfError, noStore, noCache,
        mustRevalidate, etag);
  }

  private static java.util.Optional<Duration> seconds(@Nullable String v) {
    if (v == null || v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(v), MAX_DELTA)));
  }

  private static Duration expiresMinusDate(@Nullable String expires, @Nullable String date) {
    if (expires == null || date == null) {
      return Duration.ZERO;
    }
    try {
      ZonedDateTime e = ZonedDateTime.parse(expires.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
      ZonedDateTime dt = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(dt, e);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException invalidMeansExpired) {
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
