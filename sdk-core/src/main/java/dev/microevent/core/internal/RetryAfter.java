package dev.microevent.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP date, the
 * date measured from the given clock. For the client and the SDK's modules, not for apps.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait a {@code Retry-After} value asks for.
   *
   * @param value the header value, or {@code null} when absent
   * @param clock what "now" is for a date
   * @return the wait ({@link Duration#ZERO} for a date in the past), or {@code null} when absent,
   *     negative or unreadable
   */
  public static @Nullable Duration parse(@Nullable String value, Clock clock) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d = Duration.between(clock.instant(),
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}
