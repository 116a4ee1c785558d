package dev.microevent.slices.camara;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A QoS profile name as the operator defines it, e.g. {@code QOS_E}, {@code QOS_L}.
 *
 * @param value 3..256 characters of {@code [a-zA-Z0-9_.-]}
 */
public record QosProfileName(String value) {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_.-]{3,256}$");

  /**
   * Validates the name.
   *
   * @param value 3..256 characters of {@code [a-zA-Z0-9_.-]}
   * @throws IllegalArgumentException if {@code value} is not 3..256 characters of {@code
   *     [a-zA-Z0-9_.-]}
   */
  public QosProfileName {
    Objects.requireNonNull(value, "value");
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("QoS profile name must be 3..256 characters of [a-zA-Z0-9_.-], got '"
          + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
    }
  }

  /**
   * A profile name.
   *
   * @param value the name
   * @return it
   */
  public static QosProfileName of(String value) {
    return new QosProfileName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
