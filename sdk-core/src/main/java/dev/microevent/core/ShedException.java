package dev.microevent.core;

/**
 * The current {@link ServiceMode} does not admit the call's intent, so the client refused it
 * without any network I/O.
 */
public final class ShedException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  private final transient Intent intent;
  /** The service mode that refused the intent. */
  private final ServiceMode mode;

  /**
   * Creates the exception.
   *
   * @param intent the refused intent
   * @param mode the mode that refused it
   * @param reason why that mode applies (the deciding source's reason)
   */
  public ShedException(Intent intent, ServiceMode mode, String reason) {
    super(
        "shed "
            + intent
            + " ("
            + intent.criticality()
            + "): service mode is "
            + mode
            + " because "
            + reason
            + "; retry when the mode returns to one that admits "
            + intent.criticality(),
        null);
    this.intent = intent;
    this.mode = mode;
  }

  /** {@return the refused intent} */
  public Intent intent() {
    return intent;
  }

  /** {@return the mode that refused it} */
  public ServiceMode mode() {
    return mode;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
