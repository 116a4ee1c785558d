package dev.microevent.core.spi;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket session opened through {@link WebSockets#open}: text frames out, an orderly close
 * or an immediate cancel. Events arrive at the {@link WebSocketListener} given to {@code open}.
 *
 * <p>Thread-safe.
 */
public interface WebSocketSession {

  /**
   * Where the session goes.
   *
   * @return the URI given to {@link WebSockets#open}
   */
  URI uri();

  /**
   * Queues a text frame; it is sent in order, after the handshake if that has not completed.
   *
   * @param text the frame's text
   * @return {@code false} if the frame was not queued: the session is closing, closed or failed,
   *     or its outgoing buffer is full (the session is then closed)
   */
  boolean send(String text);

  /**
   * Starts an orderly close: frames queued before it are sent, then the close frame; the remote's
   * close frame completes it ({@link WebSocketListener#onClosed}).
   *
   * @param code the close code (RFC 6455 section 7.4, 1000 for a normal closure)
   * @param reason why, at most 123 bytes of UTF-8, or {@code null} for none
   * @return {@code false} if the session was closing, closed or failed already
   * @throws IllegalArgumentException if the code is not a valid close code or the reason is too
   *     long
   */
  boolean close(int code, @Nullable String reason);

  /**
   * Drops the session at once, frames queued or not; the listener hears {@link
   * WebSocketListener#onFailure} unless the session had ended already. Idempotent.
   */
  void cancel();
}
