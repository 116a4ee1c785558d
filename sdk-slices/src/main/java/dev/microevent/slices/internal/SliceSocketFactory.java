package dev.microevent.slices.internal;

import dev.microevent.slices.Slice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Hands out sockets that leave through one slice: bound to the slice's local address before
 * connect, DSCP-marked, and watched so that a slice-local failure (the address can no longer be
 * bound, the slice's proxy refuses) is reported at once as hard evidence of an outage. A refused
 * connection to the server itself is the server's problem, not the slice's, and is not reported.
 */
final class SliceSocketFactory extends SocketFactory {

  /** Told about slice-local failures. */
  interface FailureSink {
    void sliceFailed(String reason);
  }

  private final Slice slice;
  private final @Nullable FailureSink sink;

  SliceSocketFactory(Slice slice, @Nullable FailureSink sink) {
    this.slice = slice;
    this.sink = sink;
  }

  @Override
  public Socket createSocket() throws IOException {
    SliceSocket socket = new SliceSocket();
    try {
      if (slice.dscp().isPresent()) {
        try {
          socket.setTrafficClass(slice.dscp().get().trafficClass());
        } catch (java.net.SocketException ignored) {
          // DSCP is a hint; a platform that refuses it still gets the connection
        }
      }
      InetAddress local = slice.localAddress().orElse(null);
      if (local != null) {
        try {
          socket.bind(new InetSocketAddress(local, 0));
        } catch (IOException e) {
          report("local address " + local.getHostAddress() + " cannot be bound (" + e.getMessage() + ")");
          java.net.BindException failure = new java.net.BindException("slice " + slice.id() + ": local address "
              + local.getHostAddress() + " is not usable: " + e.getMessage());
          failure.initCause(e);
          throw failure;
        }
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private void report(String reason) {
    FailureSink s = sink;
    if (s != null) {
      s.sliceFailed(reason);
    }
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    throw new IOException("slice " + slice.id() + " chooses its own local address; do not pass one");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    throw new IOException("slice " + slice.id() + " chooses its own local address; do not pass one");
  }

  /** Reports a refused or unreachable proxy as the slice's failure. */
  private final class SliceSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      try {
        super.connect(endpoint, timeout);
      } catch (IOException e) {
        InetSocketAddress proxy = slice.proxy().orElse(null);
        if (proxy != null && endpoint instanceof InetSocketAddress target
            && target.getPort() == proxy.getPort() && target.getAddress() != null
            && target.getAddress().equals(proxy.getAddress())) {
          report("proxy " + proxy.getAddress().getHostAddress() + ":" + proxy.getPort() + " refused ("
              + e.getClass().getSimpleName() + ")");
        } else if (e instanceof java.net.NoRouteToHostException) {
          report("no route from the slice (" + e.getMessage() + ")");
        }
        throw e;
      }
    }
  }
}
