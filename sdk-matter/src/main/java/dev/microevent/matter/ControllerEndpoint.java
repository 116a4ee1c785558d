package dev.microevent.matter;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the room's Matter controller listens: the WebSocket URL of a Matter Server
 * ({@code ws://<host>:5580/ws}, python-matter-server or matterjs-server).
 *
 * <p>Immutable and thread-safe.
 */
public final class ControllerEndpoint {
  /** The port Matter Server listens on unless configured otherwise. */
  public static final int DEFAULT_PORT = 5580;

  private final URI uri;

  private ControllerEndpoint(URI uri) {
    this.uri = uri;
  }

  /**
   * An endpoint.
   *
   * @param uri a {@code ws://} or {@code wss://} URL with a host, without user info
   * @return the endpoint
   * @throws IllegalArgumentException if the URL is not such a URL
   */
  public static ControllerEndpoint of(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("the controller URL must be ws:// or wss://, e.g. ws://10.0.0.5:5580/ws");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the controller URL needs a host, e.g. ws://10.0.0.5:5580/ws");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("the controller URL may not carry user info or a fragment");
    }
    return new ControllerEndpoint(uri);
  }

  /**
   * The WebSocket URL.
   *
   * @return the URL
   */
  public URI uri() {
    return uri;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControllerEndpoint c && uri.equals(c.uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
