package dev.microevent.plane.internal;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.ClientClosedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.ShedException;
import dev.microevent.core.spi.SteeringVerifier;
import dev.microevent.plane.internal.Records.ForwardRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the app's API to the central plane through the SDK's own client: the route table picks
 * the intent (so the intent's policy, keys, retries, breaker, bulkhead and rate limit apply), the
 * app's {@code Idempotency-Key} goes through unchanged, and the central plane's answer to a keyed
 * call is recorded before the app sees it, so a retry with the same key through any plane of the
 * venue gets the same answer without reaching the central plane again. Keys are scoped per client
 * as backends scope them (docs/commerce-api.yaml): the answer is recorded and replayed under the
 * app's {@value #CLIENT_HEADER} and key together, so two clients using the same key never get each
 * other's answer. A call without that header is recorded by its key alone, in one space shared by
 * every call without it (as backends give such calls one anonymous scope). Thread-safe.
 */
public final class Forwarder {
  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
  /** Request headers the plane does not pass on: hop-by-hop, managed by the client, or the body's. */
  private static final Set<String> DROP_REQUEST = Set.of("host", "connection", "keep-alive", "proxy-connection",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect",
      "idempotency-key", "content-type", "accept-encoding");
  /** Response headers the plane does not pass back. */
  private static final Set<String> DROP_RESPONSE = Set.of("connection", "keep-alive", "transfer-encoding",
      "content-length", "date", "server", "upgrade", "trailer", "content-encoding");
  /** The header that names the app's client; idempotency keys are scoped to it. */
  static final String CLIENT_HEADER = "X-Microevent-Client";
  /** Longest body of a central plane answer the plane records for a keyed call. */
  static final int MAX_RECORDED_BODY = 64 * 1024;

  private final MicroEventClient client;
  private final StateStore store;
  private final String planeId;
  private final Clock clock;

  /**
   * Creates a forwarder.
   *
   * @param client the SDK client whose central plane is the venue's central plane
   * @param store where keyed answers are recorded
   * @param planeId this plane's id
   * @param clock the plane's clock
   */
  public Forwarder(MicroEventClient client, StateStore store, String planeId, Clock clock) {
    this.client = client;
    this.store = store;
    this.planeId = planeId;
    this.clock = clock;
  }

  /**
   * Forwards one request.
   *
   * @param routes the current route table
   * @param method the method
   * @param pathQuery the raw path and query
   * @param headers the request's headers, in order, as Jetty parsed them
   * @param body the body
   * @return the answer for the app
   */
  public Reply forward(PlaneSections routes, String method, String pathQuery, HttpFields headers, byte[] body) {
    int q = pathQuery.indexOf('?');
    Intent intent = routes.intentFor(method, q < 0 ? pathQuery : pathQuery.substring(0, q));
    String key = null;
    String client = null;
    String contentType = null;
    EdgeRequest.Builder b;
    try {
      b = EdgeRequest.builder(method, pathQuery);
      for (HttpField h : headers) {
        // Jetty's own lower-case name: a known header's is a constant, so no name is lower-cased per request.
        String name = h.getLowerCaseName();
        if (name.equals("idempotency-key")) {
          key = h.getValue();
          b.idempotencyKey(key);
        } else if (name.equalsIgnoreCase(CLIENT_HEADER)) {
          // Passed on; repeated values are one scope, joined as HTTP joins a repeated field.
          client = client == null ? h.getValue() : client + ", " + h.getValue();
          b.header(h.getName(), h.getValue());
        } else if (name.equals("content-type")) {
          contentType = h.getValue();
        } else if (!DROP_REQUEST.contains(name)) {
          b.header(h.getName(), h.getValue());
        }
      }
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("unforwardable_request", "the request cannot be forwarded: " + e.getMessage());
    }
    if (body.length > 0 || contentType != null) {
      b.body(body, contentType == null ? "application/octet-stream" : contentType);
    }
    String hash = key == null ? "" : requestHash(method, pathQuery, body);
    if (key != null) {
      Optional<ForwardRecord> earlier = store.record(client, key);
      if (earlier.isPresent()) {
        return replay(earlier.get(), hash);
      }
    }
    Reply reply = call(intent, b.build());
    if (key != null && accepted(reply.status()) && reply.body().length <= MAX_RECORDED_BODY) {
      ForwardRecord kept = store.recordIfAbsent(new ForwardRecord(key, client, hash, reply.status(),
          reply.headers().get("Content-Type"), reply.body(), planeId, clock.millis()));
      if (!kept.requestHash().equals(hash)) {
        return replay(kept, hash);
      }
    }
    return reply;
  }

  /**
   * Only an acceptance is recorded and replayed. A refusal may come from something in front of
   * the backend (a WAF, an expired token, a misrouted path) that never looked at the key; replaying
   * it would keep the key refused forever while the app, which resumes the same key after such an
   * answer, can never get it charged. The backend is idempotent itself, so letting a refusal's
   * retry reach it again costs one call and never a second charge.
   */
  private static boolean accepted(int status) {
    return status >= 200 && status < 300;
  }

  private static Reply replay(ForwardRecord r, String hash) {
    if (!r.requestHash().equals(hash)) {
      throw Problem.of(422, "idempotency_conflict",
          "this Idempotency-Key was used before with another request; use a new key for a new request");
    }
    Map<String, String> h = new LinkedHashMap<>();
    String ct = r.contentType();
    if (ct != null) {
      h.put("Content-Type", ct);
    }
    h.put("Idempotent-Replayed", "true");
    return new Reply(r.status(), h, r.body());
  }

  private Reply call(Intent intent, EdgeRequest request) {
    try {
      EdgeResponse r = client.call(intent, request);
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().forEach((name, values) -> {
        if (!DROP_RESPONSE.contains(name) && !values.isEmpty()) {
          h.put(name.equals("content-type") ? "Content-Type" : name,
              values.size() == 1 ? values.get(0) : String.join(", ", values));
        }
      });
      return new Reply(r.statusCode(), h, r.body());
    } catch (HttpServiceException e) {
      byte[] body = e.body();
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", looksLikeJson(body) ? "application/json" : "text/plain; charset=utf-8");
      e.retryAfter().ifPresent(d -> h.put("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
      return new Reply(e.statusCode(), h, body);
    } catch (CallRejectedException | ShedException e) {
      throw new Problem(503, "backpressure", "the plane refused the call to protect the central plane ("
          + e.getClass().getSimpleName() + "); retry after a second", List.of(), "1");
    } catch (DeadlineExceededException e) {
      throw Problem.of(504, "central_timeout", "the central plane did not answer within the " + intent + " deadline");
    } catch (ClientClosedException e) {
      throw new Problem(503, "draining", "the plane is shutting down; use another plane", List.of(), "1");
    } catch (SdkException e) {
      log.debug("forwarding {} failed: {}", request, e.toString());
      throw Problem.of(502, "central_unreachable", "the central plane could not be reached ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  static String requestHash(String method, String pathQuery, byte[] body) {
    byte[] head = (method + " " + pathQuery + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return HexFormat.of().formatHex(SteeringVerifier.sha256(all));
  }

}
