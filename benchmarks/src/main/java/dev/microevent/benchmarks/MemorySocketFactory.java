package dev.microevent.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;

/**
 * Sockets that never touch the network: each request written to one (headers ending in {@code
 * \r\n\r\n}, no body) makes the same canned HTTP/1.1 response readable from it at once. OkHttp
 * runs unchanged on top (pool, codec, timeouts), so a benchmark over these sockets measures
 * everything a client does per call except the kernel and the server. The SDK gets them through
 * its public seam, a {@link dev.microevent.core.spi.TransportBinding} with a socket factory; raw
 * OkHttp through {@code OkHttpClient.Builder.socketFactory}. No allocation per request.
 */
final class MemorySocketFactory extends SocketFactory {
  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
      + CannedHttpServer.BODY.length() + "\r\n\r\n" + CannedHttpServer.BODY).getBytes(StandardCharsets.US_ASCII);

  @Override
  public Socket createSocket() {
    return new MemorySocket();
  }

  @Override
  public Socket createSocket(String host, int port) {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
    return connected(new InetSocketAddress(address, port));
  }

  private static Socket connected(InetSocketAddress to) {
    MemorySocket s = new MemorySocket();
    s.connect(to, 0);
    return s;
  }

  /**
   * One in-memory connection. Used by one thread at a time (OkHttp hands a pooled connection
   * between threads through its pool's lock), so plain fields suffice.
   */
  static final class MemorySocket extends Socket {
    private InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private boolean connected;
    private boolean closed;
    private boolean inputShut;
    private boolean outputShut;
    private int soTimeout;
    /** Whole responses owed, and how far the first one has been read. */
    private int owed;
    private int readPos;
    /** How much of the {@code \r\n\r\n} ending a request's headers the last bytes written matched. */
    private int matched;

    private final InputStream in = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (closed || inputShut) {
          if (closed) {
            throw new SocketException("Socket closed");
          }
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        if (owed == 0) {
          // A real socket would block until the read timeout: nothing will ever arrive.
          throw new SocketTimeoutException("Read timed out");
        }
        int n = Math.min(len, RESPONSE.length - readPos);
        System.arraycopy(RESPONSE, readPos, b, off, n);
        readPos += n;
        if (readPos == RESPONSE.length) {
          readPos = 0;
          owed--;
        }
        return n;
      }

      @Override
      public int available() {
        return owed == 0 ? 0 : RESPONSE.length - readPos;
      }

      @Override
      public void close() {
        MemorySocket.this.close();
      }
    };

    private final OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (closed || outputShut) {
          throw new SocketException("Socket closed");
        }
        for (int i = off, end = off + len; i < end; i++) {
          byte c = b[i];
          boolean cr = matched == 0 || matched == 2;
          if (c == (cr ? '\r' : '\n')) {
            matched++;
            if (matched == 4) {
              owed++;
              matched = 0;
            }
          } else {
            matched = c == '\r' ? 1 : 0;
          }
        }
      }

      @Override
      public void close() {
        MemorySocket.this.close();
      }
    };

    @Override
    public void connect(SocketAddress endpoint) {
      connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) {
      remote = (InetSocketAddress) endpoint;
      connected = true;
    }

    @Override
    public InputStream getInputStream() throws SocketException {
      if (closed) {
        throw new SocketException("Socket is closed");
      }
      return in;
    }

    @Override
    public OutputStream getOutputStream() throws SocketException {
      if (closed) {
        throw new SocketException("Socket is closed");
      }
      return out;
    }

    @Override
    public synchronized void setSoTimeout(int timeout) {
      soTimeout = timeout;
    }

    @Override
    public synchronized int getSoTimeout() {
      return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
      // nothing to delay
    }

    @Override
    public void setKeepAlive(boolean on) {
      // nothing to keep alive
    }

    @Override
    public boolean isConnected() {
      return connected;
    }

    @Override
    public boolean isBound() {
      return connected;
    }

    @Override
    public synchronized void close() {
      closed = true;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void shutdownInput() {
      inputShut = true;
    }

    @Override
    public void shutdownOutput() {
      outputShut = true;
    }

    @Override
    public boolean isInputShutdown() {
      return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
      return outputShut;
    }

    @Override
    public InetAddress getInetAddress() {
      return remote.getAddress();
    }

    @Override
    public int getPort() {
      return remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return remote;
    }

    @Override
    public InetAddress getLocalAddress() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
      return 1;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    }

    @Override
    public String toString() {
      return "MemorySocket[" + remote + "]";
    }
  }
}
