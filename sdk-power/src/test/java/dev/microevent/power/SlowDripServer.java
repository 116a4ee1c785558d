package dev.microevent.power;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server that answers every connection with the same bytes, over and over, one byte
 * per pause, paced by a scheduler: a server that is slow but never silent for a whole read
 * timeout. It ignores what the client sends and keeps dripping until the client hangs up.
 */
final class SlowDripServer implements AutoCloseable {
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "slow-drip");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong sent = new AtomicLong();
  private final LoopbackServer server;

  SlowDripServer(byte[] answer, Duration pause) throws IOException {
    server = new LoopbackServer(socket -> {
      OutputStream out = socket.getOutputStream();
      AtomicInteger next = new AtomicInteger();
      ScheduledFuture<?> drip = pacer.scheduleAtFixedRate(() -> {
        try {
          out.write(answer[next.getAndIncrement() % answer.length]);
          out.flush();
          sent.incrementAndGet();
        } catch (IOException e) {
          throw new UncheckedIOException(e); // the client hung up: ends this connection's schedule
        }
      }, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
      try {
        socket.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client hangs up
      } finally {
        drip.cancel(false);
      }
    });
  }

  int port() {
    return server.port();
  }

  /** Bytes sent so far, over every connection. */
  long sent() {
    return sent.get();
  }

  int connections() {
    return server.connections();
  }

  @Override
  public void close() throws IOException {
    pacer.shutdownNow();
    server.close();
  }
}
