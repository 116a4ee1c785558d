package dev.microevent.matter;

/**
 * What room automation sets on a device and puts back: whether it is on and, for a light, its
 * level (LevelControl {@code CurrentLevel}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param on whether the device is on (OnOff {@code OnOff})
 * @param level the level 0..254, or {@link #NO_LEVEL} for a device without LevelControl (a plug)
 *     or whose level is unknown
 */
public record DeviceState(boolean on, int level) {
  /** The level of a device that has none. */
  public static final int NO_LEVEL = -1;
  /** The highest level a light takes. */
  public static final int MAX_LEVEL = 254;

  /**
   * Validates the level.
   *
   * @param on whether the device is on (OnOff {@code OnOff})
   * @param level the level 0..254, or {@link #NO_LEVEL} for a device without LevelControl (a plug)
   *     or whose level is unknown
   * @throws IllegalArgumentException if the level is not 0..254 or {@link #NO_LEVEL}
   */
  public DeviceState {
    if (level < NO_LEVEL || level > MAX_LEVEL) {
      throw new IllegalArgumentException("a level is 0..254, or -1 for none; got " + level);
    }
  }

  /**
   * A device without a level.
   *
   * @param on whether it is on
   * @return the state
   */
  public static DeviceState of(boolean on) {
    return new DeviceState(on, NO_LEVEL);
  }

  /** {@return whether the device has a level, so it can be dimmed (a light)} */
  public boolean dimmable() {
    return level != NO_LEVEL;
  }

  /**
   * This state switched on or off, the level kept.
   *
   * @param value on or off
   * @return the state
   */
  public DeviceState withOn(boolean value) {
    return new DeviceState(value, level);
  }

  /**
   * This state at another level.
   *
   * @param value 0..254
   * @return the state
   */
  public DeviceState withLevel(int value) {
    return new DeviceState(on, value);
  }

  /** {@code on}, {@code off}, {@code on at 254}, {@code off at 120}. */
  @Override
  public String toString() {
    return (on ? "on" : "off") + (dimmable() ? " at " + level : "");
  }
}
