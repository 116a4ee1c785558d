package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.internal.Problem;
import dev.microevent.plane.telemetry.IngestResult;
import dev.microevent.plane.telemetry.TelemetryCollector;
import dev.microevent.plane.telemetry.TelemetryException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane's telemetry endpoints, in front of its other routes: {@code POST /telemetry/v1/traces}
 * and {@code POST /telemetry/v1/metrics} take OTLP/JSON (answering OTLP's partial success), and
 * {@code GET /telemetry/v1/probe} answers 204 at once for link probes. Every other path goes on to
 * the wrapped handler.
 */
public final class TelemetryRoutes extends Handler.Wrapper {
  private static final Logger log = LoggerFactory.getLogger(TelemetryRoutes.class);
  /** Longest OTLP request read. */
  public static final int MAX_BODY = 8 * 1024 * 1024;
  /** The probe path. */
  public static final String PROBE = "/telemetry/v1/probe";

  private final TelemetryCollector collector;

  /**
   * Wraps a handler.
   *
   * @param collector where telemetry goes
   * @param next the plane's other routes
   */
  public TelemetryRoutes(TelemetryCollector collector, Handler next) {
    super(next);
    this.collector = collector;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null || !path.startsWith("/telemetry/")) {
      return super.handle(request, response, callback);
    }
    String method = request.getMethod();
    switch (path) {
      case PROBE -> {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          send(response, callback, 405, Problem.of(405, "method_not_allowed", "use GET").body());
        } else {
          response.setStatus(204);
          response.write(true, ByteBuffer.allocate(0), callback);
        }
      }
      case "/telemetry/v1/traces" -> ingest(request, response, callback, collector::ingestTraces, "rejectedSpans");
      case "/telemetry/v1/metrics" -> ingest(request, response, callback, collector::ingestMetrics,
          "rejectedDataPoints");
      default -> send(response, callback, 404, Problem.of(404, "not_found", "no such telemetry endpoint").body());
    }
    return true;
  }

  private void ingest(Request request, Response response, Callback callback, Function<byte[], IngestResult> take,
      String rejectedName) {
    if (!request.getMethod().equals("POST")) {
      send(response, callback, 405, Problem.of(405, "method_not_allowed", "use POST").body());
      return;
    }
    if (request.getLength() > MAX_BODY) {
      send(response, callback, 413, Problem.of(413, "too_large", "OTLP requests are read up to " + MAX_BODY
          + " bytes; send smaller batches").body());
      return;
    }
    Content.Source.asByteArrayAsync(request, MAX_BODY, Promise.Invocable.from(Invocable.InvocationType.BLOCKING, bytes -> {
      try {
        IngestResult r = take.apply(bytes);
        ObjectNode o = PlaneJson.MAPPER.createObjectNode();
        if (r.rejected() > 0) {
          o.putObject("partialSuccess").put(rejectedName, r.rejected()).put("errorMessage", r.message());
        }
        send(response, callback, 200, PlaneJson.write(o));
      } catch (TelemetryException e) {
        send(response, callback, 400, Problem.badRequest("not_otlp", String.valueOf(e.getMessage())).body());
      } catch (RuntimeException e) {
        log.error("telemetry ingest failed unexpectedly", e);
        send(response, callback, 500, Problem.of(500, "internal", "the collector failed unexpectedly").body());
      }
    }, failure -> send(response, callback, 400,
        Problem.badRequest("incomplete_body", "the body could not be read within " + MAX_BODY + " bytes").body())));
  }

  private static void send(Response response, Callback callback, int status, byte[] json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json), callback);
  }
}
