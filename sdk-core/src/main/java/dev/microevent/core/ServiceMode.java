package dev.microevent.core;

/**
 * How much of the experience the SDK keeps running. Sources propose a mode; the client applies
 * the most severe proposal, and every call is checked against it before any network I/O.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum ServiceMode {
  /** Everything runs. */
  NORMAL,
  /** Non-essential work pauses; critical and degraded intents run. */
  REDUCED,
  /** Only critical intents run (payments, gate scans, control). */
  CRITICAL_ONLY;

  /**
   * Whether a call of the given criticality may run in this mode.
   *
   * @param criticality the intent's criticality
   * @return {@code true} if the call may go to the network
   */
  public boolean admits(Criticality criticality) {
    return switch (this) {
      case NORMAL -> true;
      case REDUCED -> criticality != Criticality.NON_ESSENTIAL;
      case CRITICAL_ONLY -> criticality == Criticality.CRITICAL;
    };
  }

  /**
   * The more severe of this mode and another.
   *
   * @param other the other mode
   * @return whichever sheds more
   */
  public ServiceMode mostSevere(ServiceMode other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
