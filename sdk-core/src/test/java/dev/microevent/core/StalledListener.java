package dev.microevent.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose accept queue is full: nobody accepts, so the kernel drops new SYNs and a
 * client's connect stays pending until its own timeout. For tests that need an exchange blocked
 * before the request is sent (OkHttp waiting for a TCP connect).
 */
final class StalledListener implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> queued = new ArrayList<>();

  StalledListener() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    // Connections the kernel completes wait in the accept queue; once it is full, a connect hangs.
    while (true) {
      Socket s = new Socket();
      try {
        s.connect(server.getLocalSocketAddress(), 500);
      } catch (SocketTimeoutException full) {
        s.close();
        return;
      }
      queued.add(s);
      if (queued.size() > 64) {
        close();
        throw new IllegalStateException("the accept queue never filled up");
      }
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    for (Socket s : queued) {
      s.close();
    }
    server.close();
  }
}
