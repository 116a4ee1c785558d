package dev.microevent.power;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP server on 127.0.0.1 that hands each connection to a handler on its own thread. */
final class LoopbackServer implements AutoCloseable {
  interface Handler {
    void handle(Socket socket) throws IOException;
  }

  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  LoopbackServer(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          open.add(s);
          Thread t = new Thread(() -> {
            try (s) {
              handler.handle(s);
            } catch (IOException ignored) {
              // client went away
            }
          }, "loopback-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** Drops every open connection, keeps listening. */
  void dropConnections() throws IOException {
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
  }
}
