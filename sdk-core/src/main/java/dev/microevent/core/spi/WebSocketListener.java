package dev.microevent.core.spi;

/**
 * Hears one {@link WebSocketSession}'s events, on the client's socket threads (one at a time per
 * session, in order). A listener must not block: hand work to the client's I/O executor. Each
 * method does nothing by default. A session ends with exactly one of {@link #onClosed} or {@link
 * #onFailure}.
 */
public interface WebSocketListener {

  /**
   * The handshake completed: frames flow both ways.
   *
   * @param session the session
   */
  default void onOpen(WebSocketSession session) {}

  /**
   * A text frame arrived.
   *
   * @param session the session
   * @param text its text
   */
  default void onText(WebSocketSession session, String text) {}

  /**
   * The remote sent a close frame: nothing more will arrive; answer with {@link
   * WebSocketSession#close} to complete the close.
   *
   * @param session the session
   * @param code the remote's close code
   * @param reason the remote's reason, possibly empty
   */
  default void onClosing(WebSocketSession session, int code, String reason) {}

  /**
   * Both sides closed in order: the session is over.
   *
   * @param session the session
   * @param code the close code
   * @param reason the reason, possibly empty
   */
  default void onClosed(WebSocketSession session, int code, String reason) {}

  /**
   * The session failed: the handshake was refused or failed, the connection broke, a pong was
   * missed, or the session was cancelled. The session is over; nothing more arrives.
   *
   * @param session the session
   * @param cause what went wrong (an {@link java.io.IOException} as a rule; a refused handshake's
   *     message names the status the remote answered with)
   */
  default void onFailure(WebSocketSession session, Throwable cause) {}
}
