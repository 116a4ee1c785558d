package dev.microevent.core;

/**
 * The client was closed before the call: nothing was sent. Calls cannot succeed on a closed
 * client; build a new one (a client is meant to live as long as the app).
 */
public final class ClientClosedException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused
   */
  public ClientClosedException(String message) {
    super(message, null);
  }
}
