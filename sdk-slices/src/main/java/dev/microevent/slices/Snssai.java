package dev.microevent.slices;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A slice identity, S-NSSAI (3GPP TS 23.003 §28.4.2): an 8-bit Slice/Service Type plus an
 * optional 24-bit Slice Differentiator. The SD value {@code FFFFFF} is reserved and means "no SD".
 *
 * <pre>{@code
 * Snssai checkout = Snssai.of(SliceServiceType.URLLC, 0x00C0DE);
 * Snssai parsed = Snssai.parse("1-000001");   // eMBB, SD 000001
 * }</pre>
 *
 * @param sst Slice/Service Type, 0..255
 * @param sd Slice Differentiator, 0..0xFFFFFF; {@link #NO_SD} when absent
 */
public record Snssai(int sst, int sd) {
  /** The reserved SD value meaning "no slice differentiator". */
  public static final int NO_SD = 0xFFFFFF;

  /**
   * Validates both fields.
   *
   * @param sst Slice/Service Type, 0..255
   * @param sd Slice Differentiator, 0..0xFFFFFF; {@link #NO_SD} when absent
   * @throws IllegalArgumentException if {@code sst} is outside 0..255 or {@code sd} outside
   *     0..0xFFFFFF
   */
  public Snssai {
    if (sst < 0 || sst > 255) {
      throw new IllegalArgumentException("SST is 8 bits (0..255), got " + sst);
    }
    if (sd < 0 || sd > NO_SD) {
      throw new IllegalArgumentException("SD is 24 bits (0..0xFFFFFF), got " + sd);
    }
  }

  /**
   * A standardised type without SD.
   *
   * @param type the SST
   * @return the S-NSSAI
   */
  public static Snssai of(SliceServiceType type) {
    return new Snssai(Objects.requireNonNull(type, "type").value(), NO_SD);
  }

  /**
   * A standardised type with an SD.
   *
   * @param type the SST
   * @param sd the slice differentiator, 0..0xFFFFFE
   * @return the S-NSSAI
   */
  public static Snssai of(SliceServiceType type, int sd) {
    return new Snssai(Objects.requireNonNull(type, "type").value(), sd);
  }

  /**
   * Any SST (including operator-specific 128..255) with an SD.
   *
   * @param sst 0..255
   * @param sd 0..0xFFFFFF ({@link #NO_SD} for none)
   * @return the S-NSSAI
   */
  public static Snssai of(int sst, int sd) {
    return new Snssai(sst, sd);
  }

  /**
   * Parses {@code "<sst>"} or {@code "<sst>-<sd hex>"}, for example {@code "2-00C0DE"}.
   *
   * @param text the text form
   * @return the S-NSSAI
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static Snssai parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("-", -1);
    try {
      if (parts.length == 1) {
        return new Snssai(Integer.parseInt(parts[0]), NO_SD);
      }
      if (parts.length == 2 && parts[1].length() == 6) {
        return new Snssai(Integer.parseInt(parts[0]), Integer.parseInt(parts[1], 16));
      }
    } catch (NumberFormatException e) {
      // fall through to the clear message below
    }
    throw new IllegalArgumentException(
        "S-NSSAI must look like '1' or '1-00000A' (SST decimal, SD six hex digits), got '" + text + "'");
  }

  /** {@return the standardised service type, if the SST is one} */
  public Optional<SliceServiceType> serviceType() {
    return SliceServiceType.of(sst);
  }

  /** {@return whether the SST is in the operator-specific range 128..255} */
  public boolean operatorSpecific() {
    return sst >= 128;
  }

  /** {@return whether an SD is present} */
  public boolean hasSd() {
    return sd != NO_SD;
  }

  /** The text form accepted by {@link #parse}. */
  @Override
  public String toString() {
    return hasSd() ? sst + "-" + String.format(Locale.ROOT, "%06X", sd) : Integer.toString(sst);
  }
}
