package dev.microevent.power.protocol;

import dev.microevent.power.internal.NutWire;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One checksum-valid block of the Victron VE.Direct text protocol: its labels and values as
 * sent, with typed, unit-converted accessors. A BMV sends a live block and a history block in
 * turn; {@link #mergedWith(VeDirectBlock)} combines them into one view of the device.
 *
 * <p>Immutable and thread-safe.
 */
public final class VeDirectBlock {
  private static final int AR_LOW_VOLTAGE = 1;
  private static final int AR_LOW_SOC = 4;

  private final Map<String, String> fields;

  /**
   * Wraps fields.
   *
   * @param fields label to value, in the order received ({@code Checksum} excluded)
   */
  public VeDirectBlock(Map<String, String> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
  }

  /** {@return every label and value as sent, in order} */
  public Map<String, String> fields() {
    return fields;
  }

  /**
   * A raw value.
   *
   * @param label as sent, e.g. {@code PID}
   * @return the value, if the block has the label
   */
  public Optional<String> raw(String label) {
    return Optional.ofNullable(fields.get(label));
  }

  /**
   * A numeric value converted to {@link VeDirectField#unit()}. {@code TTG = -1} (not
   * discharging) and non-numeric values are absent.
   *
   * @param field the label
   * @return the value in the field's unit
   */
  public OptionalDouble value(VeDirectField field) {
    OptionalLong n = integer(field.label());
    if (n.isEmpty() || (field == VeDirectField.TTG && n.getAsLong() < 0)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(n.getAsLong() * field.factor());
  }

  private OptionalLong integer(String label) {
    return NutWire.optionalInteger(fields.get(label));
  }

  /** A code as an int; one beyond an int's range is no code at all (never a wrapped-around one). */
  private static int code(long n) {
    return n == (int) n ? (int) n : Integer.MIN_VALUE;
  }

  /** {@return the state of charge, percent ({@code SOC} / 10)} */
  public OptionalDouble stateOfChargePercent() {
    return value(VeDirectField.SOC);
  }

  /** {@return the time to go ({@code TTG}), absent while not discharging (and at most 100 years)} */
  public Optional<Duration> timeToGo() {
    OptionalDouble s = value(VeDirectField.TTG);
    return s.isPresent() ? NutWire.runtime(s.getAsDouble()) : Optional.empty();
  }

  /** {@return the charger's state of operation ({@code CS}); a code out of range is {@code UNKNOWN}} */
  public Optional<VeDirectChargeState> chargeState() {
    OptionalLong n = integer("CS");
    return n.isPresent() ? Optional.of(VeDirectChargeState.of(code(n.getAsLong()))) : Optional.empty();
  }

  /** {@return the charger's error ({@code ERR}); a code out of range is {@code UNKNOWN}} */
  public Optional<VeDirectError> error() {
    OptionalLong n = integer("ERR");
    return n.isPresent() ? Optional.of(VeDirectError.of(code(n.getAsLong()))) : Optional.empty();
  }

  /** {@return the off-reason bit mask ({@code OR}, sent as {@code 0x0000001}), if sent} */
  public OptionalLong offReasonBits() {
    String v = fields.get("OR");
    if (v == null || !v.startsWith("0x")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v.substring(2), 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@return the alarm-reason bit mask ({@code AR}): 1 low V, 2 high V, 4 low SOC, 8 low starter V, and so on} */
  public OptionalLong alarmReasonBits() {
    return integer("AR");
  }

  /** {@return whether the monitor raises a low-voltage or low-SOC alarm ({@code Alarm ON}, AR bit 1 or 4)} */
  public boolean lowBatteryAlarm() {
    return "ON".equals(fields.get("Alarm"))
        && (alarmReasonBits().orElse(0) & (AR_LOW_VOLTAGE | AR_LOW_SOC)) != 0;
  }

  /**
   * This block with another's fields added; the other's values win for labels in both.
   *
   * @param newer a later block of the same device
   * @return the merged view
   */
  public VeDirectBlock mergedWith(VeDirectBlock newer) {
    Map<String, String> merged = new LinkedHashMap<>(fields);
    merged.putAll(newer.fields);
    return new VeDirectBlock(merged);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VeDirectBlock b && b.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "VeDirectBlock" + fields;
  }
}
