package dev.microevent.core.spi;

import java.net.Proxy;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * How the connections of one intent leave the device: through a socket factory (for example one
 * that binds sockets to a 5G slice's local address and marks DSCP) and/or a proxy. The client
 * keeps one connection pool per binding {@link #name()}, so traffic of two bindings never shares
 * a connection. Immutable and thread-safe.
 *
 * <p>The client creates the pool for a name the first time it sees the name and keeps using it:
 * a binder must return equivalent bindings for equal names.
 */
public final class TransportBinding {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  /** The device's default network, shared pool. */
  public static final TransportBinding DEFAULT = new TransportBinding("default", null, null);

  private final String name;
  private final @Nullable SocketFactory socketFactory;
  private final @Nullable Proxy proxy;

  private TransportBinding(String name, @Nullable SocketFactory socketFactory, @Nullable Proxy proxy) {
    this.name = name;
    this.socketFactory = socketFactory;
    this.proxy = proxy;
  }

  /**
   * A named binding.
   *
   * @param name short token used as the pool key and as a metric tag, e.g. {@code "checkout"}
   * @param socketFactory hands out unconnected sockets, possibly already bound to a local
   *     address; or {@code null} for the default
   * @param proxy the proxy to send through, or {@code null} for none
   * @return the binding
   */
  public static TransportBinding of(String name, @Nullable SocketFactory socketFactory, @Nullable Proxy proxy) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("binding name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    if ("default".equals(name) && (socketFactory != null || proxy != null)) {
      throw new IllegalArgumentException("'default' is reserved for the default network");
    }
    return new TransportBinding(name, socketFactory, proxy);
  }

  /** {@return the pool key and metric tag} */
  public String name() {
    return name;
  }

  /** {@return the socket factory, if the binding has one} */
  public Optional<SocketFactory> socketFactory() {
    return Optional.ofNullable(socketFactory);
  }

  /** {@return the proxy, if the binding has one} */
  public Optional<Proxy> proxy() {
    return Optional.ofNullable(proxy);
  }

  @Override
  public String toString() {
    return "TransportBinding{" + name + "}";
  }
}
