package dev.microevent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code stop()} is a total, immediate outage: once it returns, no connection the fake accepted
 * before or during it answers anything. In each cycle, clients open connections and send
 * heartbeats on them without waiting for the answers (health checks in flight), then open one more
 * each at the moment the fake stops (so it is accepting while it stops); the connections stay
 * open like a client's keep-alive pool, and after {@code stop()} each of them sends a request:
 * every one must fail (reset or end of stream), none may be answered, and a new connection is
 * refused. A thousand stop/restart cycles on the same port, each restart binding it again.
 */
class StopIsAnOutageIT {
  private static final int CYCLES = Integer.getInteger("stop.cycles", 1000);
  private static final int CONNECTORS = 6;
  /** Connections each connector opens (and leaves open) before the one that races stop(). */
  private static final int POOLED = 2;
  private static final String HEARTBEAT = "POST " + FakePlane.HEARTBEAT_PATH + " HTTP/1.1\r\nHost: edge\r\n"
      + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s";
  private static final String STATUS =
      "{\"instanceId\":\"i-1\",\"mode\":\"NORMAL\",\"sdkVersion\":\"0.1.0\",\"sentAt\":\"2026-06-01T17:00:00Z\"}";
  private static final byte[] AFTER_STOP =
      "GET /after-stop HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void connectionsAcceptedBeforeOrDuringStop_answerNothingAfterIt_overAThousandCycles() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTORS);
    byte[] heartbeat = String.format(HEARTBEAT, STATUS.length(), STATUS).getBytes(StandardCharsets.ISO_8859_1);
    List<String> answeredAfterStop = new ArrayList<>();
    long connections = 0;
    int cycles = 0;
    try (FakeEdgePlane edge = FakeEdgePlane.start("edge")) {
      int port = edge.port();
      for (int cycle = 0; cycle < CYCLES && answeredAfterStop.isEmpty(); cycle++) {
        if (cycle > 0) {
          edge.restart();
        }
        Queue<Socket> open = new ConcurrentLinkedQueue<>();
        CyclicBarrier stopping = new CyclicBarrier(CONNECTORS + 1);
        List<Future<?>> connectors = new ArrayList<>();
        for (int c = 0; c < CONNECTORS; c++) {
          connectors.add(pool.submit(() -> {
            for (int i = 0; i < POOLED; i++) {
              connect(port, heartbeat, open);
            }
            // The last connection races stop(): it may be accepted while stop() runs.
            stopping.await(30, TimeUnit.SECONDS);
            connect(port, heartbeat, open);
            return null;
          }));
        }
        stopping.await(30, TimeUnit.SECONDS);
        edge.stop();
        for (Future<?> f : connectors) {
          f.get(30, TimeUnit.SECONDS);
        }
        int cycleNow = cycle;
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
            .as("a new connection after stop() in cycle %d", cycleNow).isInstanceOf(ConnectException.class);
        connections += open.size();
        cycles++;
        for (Socket s : open) {
          String answer = probe(s);
          if (answer.contains("/after-stop")) {
            answeredAfterStop.add("cycle " + cycle + ": " + answer.replace("\r\n", " | "));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("%d stop/restart cycles run, %d connections opened around stop(), %d answered after it%n",
        cycles, connections, answeredAfterStop.size());
    assertThat(answeredAfterStop).as("requests answered after stop() returned").isEmpty();
  }

  /** Opens a connection and sends a heartbeat on it without waiting for the answer, as a health check in flight. */
  private static void connect(int port, byte[] heartbeat, Queue<Socket> open) {
    Socket s;
    try {
      s = new Socket(InetAddress.getLoopbackAddress(), port);
    } catch (IOException refused) {
      return;
    }
    open.add(s);
    try {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(heartbeat);
    } catch (IOException closedByStop) {
      // the heartbeat met the outage; the probe checks the connection anyway
    }
  }

  /** Sends a request on a connection after stop() and returns whatever came back before it ended. */
  private static String probe(Socket s) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (s) {
      OutputStream out = s.getOutputStream();
      out.write(AFTER_STOP);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        got.write(buf, 0, n);
        if (got.toString(StandardCharsets.ISO_8859_1).contains("/after-stop")) {
          break;
        }
      }
    } catch (IOException resetOrClosed) {
      // what an outage looks like
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }
}
