package dev.microevent.matter;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The firmware a room expects a device to run, as the device reports it in BasicInformation:
 * either the version number ({@code SoftwareVersion}, {@code 0/40/9}) or the version text ({@code
 * SoftwareVersionString}, {@code 0/40/10}). A manifest writes a number as a number and text as a
 * string ({@code firmware: 7} or {@code firmware: "2.1.7"}).
 *
 * <p>Immutable and thread-safe.
 */
public final class FirmwareVersion {
  private static final long MAX_NUMBER = 0xFFFF_FFFFL;
  private static final int MAX_TEXT = 64;

  private final long number;
  private final @Nullable String text;

  private FirmwareVersion(long number, @Nullable String text) {
    this.number = number;
    this.text = text;
  }

  /**
   * A version number ({@code SoftwareVersion}).
   *
   * @param number 0..4294967295
   * @return the expected version
   * @throws IllegalArgumentException if out of range
   */
  public static FirmwareVersion ofNumber(long number) {
    if (number < 0 || number > MAX_NUMBER) {
      throw new IllegalArgumentException("a firmware version number is 0..4294967295, got " + number);
    }
    return new FirmwareVersion(number, null);
  }

  /**
   * A version text ({@code SoftwareVersionString}), compared exactly.
   *
   * @param text 1..64 characters without control characters
   * @return the expected version
   * @throws IllegalArgumentException if blank, too long or with control characters
   */
  public static FirmwareVersion ofText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank() || text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a firmware version text is 1..64 characters, not blank, without control"
          + " characters");
    }
    return new FirmwareVersion(-1, text);
  }

  /**
   * The expected version number, if this is one.
   *
   * @return the number
   */
  public OptionalLong number() {
    return text == null ? OptionalLong.of(number) : OptionalLong.empty();
  }

  /**
   * The expected version text, if this is one.
   *
   * @return the text
   */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /**
   * Whether a node runs this version.
   *
   * @param node the node
   * @return {@code true} if the node reports exactly this version
   */
  public boolean matches(MatterNode node) {
    Objects.requireNonNull(node, "node");
    String t = text;
    if (t != null) {
      return node.softwareVersionString().map(t::equals).orElse(false);
    }
    OptionalLong v = node.softwareVersion();
    return v.isPresent() && v.getAsLong() == number;
  }

  /**
   * What a node reports, in the same terms as this expectation ({@code "2.1.6"}, {@code "6"}, or
   * {@code "unknown"}).
   *
   * @param node the node
   * @return the reported version
   */
  public String reportedBy(MatterNode node) {
    Objects.requireNonNull(node, "node");
    if (text != null) {
      return node.softwareVersionString().orElse("unknown");
    }
    OptionalLong v = node.softwareVersion();
    return v.isPresent() ? Long.toString(v.getAsLong()) : "unknown";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FirmwareVersion f && number == f.number && Objects.equals(text, f.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, text);
  }

  /** The version as the manifest writes it: the text, or the number. */
  @Override
  public String toString() {
    return text != null ? text : Long.toString(number);
  }
}
