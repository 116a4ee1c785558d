package dev.microevent.plane;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A canned central plane on loopback (Jetty): a catalog, idempotent payments (one charge per
 * Idempotency-Key) and a 404 for the rest. Counts what it saw.
 */
public final class CannedCentral implements AutoCloseable {
  /** Charges by idempotency key. */
  public final Map<String, Integer> charges = new ConcurrentHashMap<>();
  /** Requests seen. */
  public final AtomicInteger requests = new AtomicInteger();
  /**
   * How many of the next payments are refused with 403 before they reach the payment code, as a
   * WAF or an expired token in front of central would: nothing is charged, the key stays unused.
   */
  public final AtomicInteger refuseNextPayments = new AtomicInteger();
  private final Server server;
  private final ServerConnector connector;

  /** Starts one on a free loopback port. */
  public CannedCentral() {
    QueuedThreadPool threads = new QueuedThreadPool(300, 8);
    threads.setDaemon(true);
    threads.setName("canned-central");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        requests.incrementAndGet();
        String path = request.getHttpURI().getPath();
        byte[] body = Content.Source.asByteBuffer(request).array();
        String answer;
        int status = 200;
        if (path.equals("/v1/catalog")) {
          answer = "{\"items\":[{\"sku\":\"tee\",\"price\":2500}]}";
          response.getHeaders().put("Cache-Control", "max-age=5");
        } else if (path.equals("/v1/payments") && request.getMethod().equals("POST")) {
          String key = request.getHeaders().get("Idempotency-Key");
          if (refuseNextPayments.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 403;
            answer = "{\"error\":\"forbidden by the gateway in front of central\"}";
          } else if (key == null) {
            status = 400;
            answer = "{\"error\":\"Idempotency-Key required\"}";
          } else {
            int n = charges.merge(key, 1, Integer::sum);
            status = 201;
            answer = "{\"status\":\"PAID\",\"key\":\"" + key + "\",\"seen\":" + n + ",\"bytes\":" + body.length + "}";
          }
        } else if (path.equals("/v1/unavailable")) {
          status = 503;
          answer = "{\"error\":\"down\"}";
        } else {
          status = 404;
          answer = "{\"error\":\"no such endpoint\"}";
        }
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("canned central did not start", e);
    }
  }

  /** Where it listens. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** Total charges made (one per distinct key is right). */
  public int totalCharges() {
    return charges.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("canned central did not stop", e);
    }
  }
}
