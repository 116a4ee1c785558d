package dev.microevent.core.spi;

import dev.microevent.core.ClientClosedException;
import java.net.URI;
import java.time.Duration;

/**
 * Core's WebSocket path, protocol-neutral: a text session to a module's remote (a Matter
 * controller's WebSocket API) on the client's shared connection pool and dispatcher, so a module
 * opens no pool or thread of its own. Reached through {@link ModuleRuntime#webSockets()}. Sessions
 * still open when the client closes are cancelled. For SDK modules and extensions; apps do not
 * need it.
 *
 * <p>Thread-safe.
 */
public interface WebSockets {

  /**
   * Starts opening a session; the handshake runs in the background and its outcome reaches the
   * listener ({@link WebSocketListener#onOpen} or {@link WebSocketListener#onFailure}). Frames
   * queued with {@link WebSocketSession#send} before the handshake completes are sent after it.
   *
   * @param uri the remote's absolute {@code ws}, {@code wss}, {@code http} or {@code https} URI
   * @param pingInterval how often to ping the remote; a pong missing by the next ping fails the
   *     session. {@link Duration#ZERO} sends no pings
   * @param listener what hears the session's events, on the client's socket threads; it must not
   *     block them
   * @return the session, opening
   * @throws IllegalArgumentException if the URI is not an absolute ws(s) or http(s) URI, or the
   *     ping interval is negative
   * @throws ClientClosedException if the client was closed
   */
  WebSocketSession open(URI uri, Duration pingInterval, WebSocketListener listener);
}
