package dev.microevent.matter;

import java.util.Objects;

/**
 * An open commissioning window on one of our nodes: the codes another controller (another
 * ecosystem, multi-admin) uses to join the node while the window is open.
 *
 * <p>{@link #toString()} leaves the codes out: they hold the passcode. Immutable and thread-safe.
 */
public final class CommissioningWindow {
  private final int setupPinCode;
  private final String manualCode;
  private final String qrCode;

  /**
   * Creates the window's codes.
   *
   * @param setupPinCode the passcode
   * @param manualCode the manual pairing code
   * @param qrCode the QR code text ({@code MT:...})
   */
  public CommissioningWindow(int setupPinCode, String manualCode, String qrCode) {
    this.setupPinCode = setupPinCode;
    this.manualCode = Objects.requireNonNull(manualCode, "manualCode");
    this.qrCode = Objects.requireNonNull(qrCode, "qrCode");
  }

  /** {@return the passcode of the window} */
  public int setupPinCode() {
    return setupPinCode;
  }

  /** {@return the manual pairing code to type into the other controller} */
  public String manualCode() {
    return manualCode;
  }

  /** {@return the QR code text ({@code MT:...}) to show to the other controller} */
  public String qrCode() {
    return qrCode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommissioningWindow w && setupPinCode == w.setupPinCode && manualCode.equals(w.manualCode)
        && qrCode.equals(w.qrCode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(setupPinCode, manualCode, qrCode);
  }

  @Override
  public String toString() {
    return "CommissioningWindow{codes redacted}";
  }
}
