package dev.microevent.matter;

/**
 * The Matter Server's {@code error_code} values. Codes this SDK does not know (matterjs-server adds
 * its own from 100 up) read as {@link #UNRECOGNIZED}; {@link MatterServerException#wireCode()} keeps
 * the number.
 */
public enum MatterErrorCode {
  /** 0: an unexpected failure on the server. */
  UNKNOWN_ERROR(0, true),
  /** 1: commissioning failed (device not in pairing mode, wrong code, not on the network). */
  NODE_COMMISSION_FAILED(1, false),
  /** 2: the node joined but the interview after commissioning failed. */
  NODE_INTERVIEW_FAILED(2, true),
  /** 3: the node is not available now (offline, or not yet added). */
  NODE_NOT_READY(3, true),
  /** 4: the node could not be resolved (no CASE session, mDNS lookup failed). */
  NODE_NOT_RESOLVING(4, true),
  /** 5: no node with that id. */
  NODE_NOT_EXISTS(5, false),
  /** 6: the server and the client disagree on the schema. */
  VERSION_MISMATCH(6, false),
  /** 7: the Matter stack failed. */
  SDK_STACK_ERROR(7, true),
  /** 8: bad or missing arguments. */
  INVALID_ARGUMENTS(8, false),
  /** 9: the server does not know the command. */
  INVALID_COMMAND(9, false),
  /** 10: the firmware update check failed. */
  UPDATE_CHECK_ERROR(10, true),
  /** 11: the firmware update failed. */
  UPDATE_ERROR(11, true),
  /** A code this SDK does not know. */
  UNRECOGNIZED(-1, false);

  private final int wire;
  private final boolean retryable;

  MatterErrorCode(int wire, boolean retryable) {
    this.wire = wire;
    this.retryable = retryable;
  }

  /** {@return the number on the wire; -1 for {@link #UNRECOGNIZED}} */
  public int wireCode() {
    return wire;
  }

  /** {@return whether the same command may succeed later} */
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * The code for a number.
   *
   * @param wire the number sent
   * @return its code, or {@link #UNRECOGNIZED}
   */
  public static MatterErrorCode fromWire(long wire) {
    for (MatterErrorCode c : values()) {
      if (c.wire == wire && c != UNRECOGNIZED) {
        return c;
      }
    }
    return UNRECOGNIZED;
  }
}
