package dev.microevent.power.protocol;

import java.util.Optional;

/**
 * The numeric labels of the Victron VE.Direct text protocol, with the unit each is sent in and
 * the factor to the SI-style unit this SDK reports ({@link #unit()}): millivolts become volts,
 * per-mille state of charge becomes percent, minutes become seconds, 0.01 kWh become Wh.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum VeDirectField {
  /** Battery (main) voltage, sent in mV. */
  V("V", "mV", "V", 0.001),
  /** Auxiliary (starter) voltage, sent in mV. */
  VS("VS", "mV", "V", 0.001),
  /** Mid-point voltage, sent in mV. */
  VM("VM", "mV", "V", 0.001),
  /** Mid-point deviation, sent in per mille. */
  DM("DM", "‰", "%", 0.1),
  /** Panel voltage, sent in mV. */
  VPV("VPV", "mV", "V", 0.001),
  /** Panel power, W. */
  PPV("PPV", "W", "W", 1),
  /** Battery current, sent in mA; negative while discharging. */
  I("I", "mA", "A", 0.001),
  /** Load output current, sent in mA. */
  IL("IL", "mA", "A", 0.001),
  /** Battery temperature, °C. */
  T("T", "°C", "°C", 1),
  /** Instantaneous battery power, W; negative while discharging. */
  P("P", "W", "W", 1),
  /** Consumed amp-hours, sent in mAh (negative). */
  CE("CE", "mAh", "Ah", 0.001),
  /** State of charge, sent in per mille. */
  SOC("SOC", "‰", "%", 0.1),
  /** Time to go, sent in minutes; -1 while not discharging. */
  TTG("TTG", "min", "s", 60),
  /** Deepest discharge, mAh. */
  H1("H1", "mAh", "Ah", 0.001),
  /** Last discharge, mAh. */
  H2("H2", "mAh", "Ah", 0.001),
  /** Average discharge, mAh. */
  H3("H3", "mAh", "Ah", 0.001),
  /** Charge cycles. */
  H4("H4", "count", "count", 1),
  /** Full discharges. */
  H5("H5", "count", "count", 1),
  /** Cumulative amp-hours drawn, mAh. */
  H6("H6", "mAh", "Ah", 0.001),
  /** Minimum battery voltage, mV. */
  H7("H7", "mV", "V", 0.001),
  /** Maximum battery voltage, mV. */
  H8("H8", "mV", "V", 0.001),
  /** Time since the last full charge, s. */
  H9("H9", "s", "s", 1),
  /** Automatic synchronisations. */
  H10("H10", "count", "count", 1),
  /** Low-voltage alarms. */
  H11("H11", "count", "count", 1),
  /** High-voltage alarms. */
  H12("H12", "count", "count", 1),
  /** Minimum auxiliary voltage, mV. */
  H15("H15", "mV", "V", 0.001),
  /** Maximum auxiliary voltage, mV. */
  H16("H16", "mV", "V", 0.001),
  /** Energy discharged, 0.01 kWh. */
  H17("H17", "0.01 kWh", "Wh", 10),
  /** Energy charged, 0.01 kWh. */
  H18("H18", "0.01 kWh", "Wh", 10),
  /** Solar yield total, 0.01 kWh. */
  H19("H19", "0.01 kWh", "Wh", 10),
  /** Solar yield today, 0.01 kWh. */
  H20("H20", "0.01 kWh", "Wh", 10),
  /** Maximum power today, W. */
  H21("H21", "W", "W", 1),
  /** Solar yield yesterday, 0.01 kWh. */
  H22("H22", "0.01 kWh", "Wh", 10),
  /** Maximum power yesterday, W. */
  H23("H23", "W", "W", 1),
  /** Day sequence number, 0..364. */
  HSDS("HSDS", "day", "day", 1);

  private final String label;
  private final String wireUnit;
  private final String unit;
  private final double factor;

  VeDirectField(String label, String wireUnit, String unit, double factor) {
    this.label = label;
    this.wireUnit = wireUnit;
    this.unit = unit;
    this.factor = factor;
  }

  /** {@return the label as sent, e.g. {@code SOC}} */
  public String label() {
    return label;
  }

  /** {@return the unit the device sends, e.g. {@code ‰}} */
  public String wireUnit() {
    return wireUnit;
  }

  /** {@return the unit {@link VeDirectBlock#value(VeDirectField)} reports, e.g. {@code %}} */
  public String unit() {
    return unit;
  }

  /** {@return the factor from the wire unit to {@link #unit()}} */
  public double factor() {
    return factor;
  }

  /**
   * The field of a label.
   *
   * @param label as sent, case-sensitive
   * @return the field, if it is a known numeric label
   */
  public static Optional<VeDirectField> ofLabel(String label) {
    for (VeDirectField f : values()) {
      if (f.label.equals(label)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
