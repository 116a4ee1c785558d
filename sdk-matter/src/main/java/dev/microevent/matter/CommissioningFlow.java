package dev.microevent.matter;

/** How a device enters commissioning mode, as its onboarding payload says. */
public enum CommissioningFlow {
  /** Standard: an uncommissioned device is commissionable as soon as it powers up. */
  STANDARD(0),
  /** User intent: the user must do something on the device first (press a button, ...). */
  USER_INTENT(1),
  /** Custom: a vendor-specific step is needed first (an app, the vendor's instructions). */
  CUSTOM(2);

  private final int code;

  CommissioningFlow(int code) {
    this.code = code;
  }

  /**
   * The 2-bit value in the payload.
   *
   * @return 0, 1 or 2
   */
  public int code() {
    return code;
  }
}
