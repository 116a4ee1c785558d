package dev.microevent.plane.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Cuts off a client that sends its request body slower than a minimum rate (Jetty's {@link
 * MinimumDataRateHandler}, which answers 408), and lets a request without a body straight through:
 * it has nothing to read slowly, and Jetty's handler (a statistics handler underneath) wraps the
 * request and the response and keeps counters on every event of every request, a cost on each
 * forwarded read that buys nothing there. A slow client's headers are bounded by the connector's
 * idle timeout as before.
 */
public final class BodyRateLimit extends MinimumDataRateHandler {
  /**
   * Creates the limit.
   *
   * @param handler the handler behind it
   * @param minBytesPerSecond the slowest body accepted
   */
  public BodyRateLimit(Handler handler, long minBytesPerSecond) {
    super(handler, minBytesPerSecond, 0);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      Handler next = getHandler();
      return next != null && next.handle(request, response, callback);
    }
    return super.handle(request, response, callback);
  }
}
