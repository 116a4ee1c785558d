package dev.microevent.plane.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane's HTTP front on Jetty's core handler API. It never blocks a Jetty thread on a slow
 * client: bodies are read asynchronously up to the endpoint's limit (a longer declared body is
 * refused before it is read), and the work runs on the worker pool once the body is complete. A
 * request without a body (most forwarded reads) is worked on in the thread Jetty handed it to: the
 * handler is declared blocking, so Jetty never calls it on a selector thread, and the request
 * skips a hand-over to another thread (a wake-up on the request's path, costly on a busy machine).
 * Every refusal is a typed 4xx/5xx {@code Problem}; no exception escapes to Jetty.
 */
public final class PlaneHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(PlaneHandler.class);
  /** Longest heartbeat or decision question read. */
  public static final int MAX_API_BODY = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];

  /** The request header naming the operator of an admin action, recorded in the runbook history. */
  public static final String OPERATOR = "Microevent-Operator";

  private final PlaneService service;
  private final PlaybookRunner playbooks;
  private final Alerts alerts;
  private final Executor workers;
  private final byte @Nullable [] adminToken;
  private final int maxForwardBody;

  /**
   * Creates the handler.
   *
   * @param service the plane
   * @param playbooks the plane's playbooks
   * @param alerts the plane's alerts
   * @param workers where requests are worked on
   * @param adminToken the admin API's bearer token, or null to turn the admin API off
   * @param maxForwardBody longest app request body forwarded
   */
  public PlaneHandler(PlaneService service, PlaybookRunner playbooks, Alerts alerts, Executor workers,
      @Nullable String adminToken, int maxForwardBody) {
    this.service = service;
    this.playbooks = playbooks;
    this.alerts = alerts;
    this.workers = workers;
    this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    this.maxForwardBody = maxForwardBody;
  }

  private int limitFor(String path) {
    if (path.startsWith("/edge/")) {
      return MAX_API_BODY;
    }
    if (path.startsWith("/admin/")) {
      return ConfigValidator.MAX_BYTES;
    }
    return maxForwardBody;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (path == null) {
      path = "/";
    }
    int limit = limitFor(path);
    long declared = request.getLength();
    if (declared > limit) {
      send(request, response, callback, Reply.of(Problem.of(413, "too_large",
          "the body is longer than the " + limit + " bytes this endpoint reads")));
      return true;
    }
    String route = path;
    boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (declared <= 0 && !chunked) {
      work(request, response, callback, route, EMPTY, false);
      return true;
    }
    Content.Source.asByteArrayAsync(request, limit, Promise.Invocable.from(Invocable.InvocationType.NON_BLOCKING,
        bytes -> work(request, response, callback, route, bytes, true),
        failure -> send(request, response, callback, Reply.of(bodyFailure(failure, limit)))));
    return true;
  }

  private static Problem bodyFailure(Throwable failure, int limit) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      return Problem.of(413, "too_large", "the body is longer than the " + limit + " bytes this endpoint reads");
    }
    if (t instanceof TimeoutException || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return Problem.of(408, "body_timeout", "the body did not arrive in time");
    }
    return Problem.badRequest("incomplete_body", "the body could not be read (" + t.getClass().getSimpleName() + ")");
  }

  /**
   * Works on a request whose body is complete: a slow client holds no working slot while it sends.
   *
   * @param handOver whether to work on the worker pool (the body arrived on a thread that must not
   *     block) rather than in this thread
   */
  private void work(Request request, Response response, Callback callback, String path, byte[] body,
      boolean handOver) {
    if (!service.enter()) {
      send(request, response, callback, Reply.of(new Problem(503, "backpressure",
          "the plane is working on as many requests as it takes; retry after a second", List.of(), "1")));
      return;
    }
    Runnable work = () -> {
      Reply reply;
      try {
        reply = route(request, path, body);
      } catch (Problem p) {
        reply = Reply.of(p);
      } catch (StoreException e) {
        log.warn("state store failure: {}", e.getMessage());
        reply = Reply.of(new Problem(503, "store_unavailable",
            "the plane's state store cannot be reached; nothing was acknowledged, retry", List.of(), "1"));
      } catch (RuntimeException e) {
        log.error("unexpected failure handling {} {}", request.getMethod(), path, e);
        reply = Reply.of(Problem.of(500, "internal", "the plane failed unexpectedly; it keeps serving"));
      } finally {
        service.exit();
      }
      send(request, response, callback, reply);
    };
    if (!handOver) {
      work.run();
      return;
    }
    try {
      workers.execute(work);
    } catch (RejectedExecutionException e) {
      service.exit();
      send(request, response, callback, Reply.of(new Problem(503, "backpressure", "the plane is shutting down or full",
          List.of(), "1")));
    }
  }

  private Reply route(Request request, String path, byte[] body) {
    String method = request.getMethod();
    if (path.startsWith("/edge/")) {
      return switch (path) {
        case "/edge/v1/heartbeat" -> only(method, "POST", () -> service.heartbeat(body));
        case "/edge/v1/config" -> only(method, "GET", () -> service.config(request.getHeaders().get(HttpHeader.IF_NONE_MATCH)));
        case "/edge/v1/decisions" -> only(method, "POST",
            () -> service.decide(body, request.getHeaders().get("Idempotency-Key")));
        case "/edge/v1/keys" -> only(method, "GET", service::keys);
        default -> tickets(request, method, path);
      };
    }
    if (path.startsWith("/admin/")) {
      authorize(request);
      return admin(request, method, path, body);
    }
    String pathQuery = request.getHttpURI().getPathQuery();
    return service.forward(method, pathQuery == null ? path : pathQuery, request.getHeaders(), body);
  }

  /** {@code /edge/v1/tickets/{event}/keys} and {@code .../revocations}. */
  private Reply tickets(Request request, String method, String path) {
    String[] parts = path.split("/", -1);
    if (parts.length == 6 && parts[3].equals("tickets")) {
      String event = parts[4];
      String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
      if (parts[5].equals("keys")) {
        return only(method, "GET", () -> service.tickets().keys(event, ifNoneMatch));
      }
      if (parts[5].equals("revocations")) {
        return only(method, "GET", () -> service.tickets().revocations(event,
            Request.extractQueryParameters(request).getValue("since"), ifNoneMatch));
      }
    }
    throw Problem.of(404, "not_found", "no such edge-plane endpoint");
  }

  private Reply admin(Request request, String method, String path, byte[] body) {
    switch (path) {
      case "/admin/v1/status" -> {
        return only(method, "GET", service::status);
      }
      case "/admin/v1/config" -> {
        if (method.equals("PUT")) {
          return service.push(body, request.getHeaders().get(HttpHeader.IF_MATCH));
        }
        return only(method, "GET", () -> service.config(null));
      }
      case "/admin/v1/decisions" -> {
        return only(method, "GET", () -> service.decisions(limit(request)));
      }
      case "/admin/v1/keys/rotate" -> {
        return only(method, "POST", service::rotate);
      }
      case "/admin/v1/playbooks" -> {
        return only(method, "GET", playbooks::list);
      }
      case "/admin/v1/runs" -> {
        return only(method, "GET", () -> playbooks.history(limit(request)));
      }
      case "/admin/v1/alerts" -> {
        return only(method, "GET", alerts::document);
      }
      default -> {
        // the parameterised paths below
      }
    }
    if (path.startsWith("/admin/v1/decisions/") && path.length() > "/admin/v1/decisions/".length()) {
      String id = path.substring("/admin/v1/decisions/".length());
      return only(method, "GET", () -> service.decision(id));
    }
    String[] parts = path.split("/", -1);
    if (parts.length == 6 && parts[3].equals("playbooks") && !parts[4].isEmpty()) {
      String name = parts[4];
      if (parts[5].equals("plan")) {
        return only(method, "GET", () -> playbooks.plan(name));
      }
      if (parts[5].equals("runs")) {
        return only(method, "POST", () -> playbooks.run(name, operator(request)));
      }
    }
    if (parts.length == 6 && parts[3].equals("tickets")) {
      String event = parts[4];
      if (parts[5].equals("keys")) {
        return only(method, "PUT", () -> service.tickets().pushKeys(event, body));
      }
      if (parts[5].equals("revocations")) {
        return only(method, "POST", () -> service.tickets().change(event, body));
      }
    }
    if (parts.length == 8 && parts[3].equals("alerts") && parts[5].equals("runbooks") && parts[7].equals("confirm")) {
      String id = parts[4];
      String playbook = parts[6];
      return only(method, "POST", () -> alerts.confirm(id, playbook, operator(request)));
    }
    if (parts.length == 6 && parts[3].equals("runs") && !parts[4].isEmpty() && parts[5].equals("rollback")) {
      String id = parts[4];
      return only(method, "POST", () -> playbooks.rollback(id, operator(request)));
    }
    if (path.startsWith("/admin/v1/records/") && path.length() > "/admin/v1/records/".length()) {
      String key = path.substring("/admin/v1/records/".length());
      String client = Request.extractQueryParameters(request).getValue("client");
      return only(method, "GET", () -> service.record(client, key));
    }
    throw Problem.of(404, "not_found", "no such admin endpoint");
  }

  private static int limit(Request request) {
    Fields q = Request.extractQueryParameters(request);
    String v = q.getValue("limit");
    if (v == null) {
      return 100;
    }
    if (!v.matches("[0-9]{1,4}")) {
      throw Problem.badRequest("invalid_limit", "limit must be an integer from 0 to 1000");
    }
    return Math.min(1000, Integer.parseInt(v));
  }

  private static String operator(Request request) {
    String who = request.getHeaders().get(OPERATOR);
    return who == null || who.isBlank() ? "admin-api" : who;
  }

  private void authorize(Request request) {
    byte[] token = adminToken;
    if (token == null) {
      throw Problem.of(404, "admin_disabled", "this plane was started without an admin token: its admin API is off");
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    byte[] given = auth != null && auth.startsWith("Bearer ")
        ? auth.substring(7).getBytes(StandardCharsets.UTF_8) : EMPTY;
    if (!MessageDigest.isEqual(given, token)) {
      throw new Problem(401, "unauthorized", "the admin API needs 'Authorization: Bearer <token>' with the plane's token",
          List.of(), null);
    }
  }

  private static Reply only(String method, String allowed, java.util.function.Supplier<Reply> action) {
    if (!method.equals(allowed)) {
      throw Problem.of(405, "method_not_allowed", "use " + allowed);
    }
    return action.get();
  }

  private static void send(Request request, Response response, Callback callback, Reply reply) {
    try {
      response.setStatus(reply.status());
      reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
      if (reply.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      }
      boolean noBody = reply.status() == 304 || reply.status() == 204 || request.getMethod().equals("HEAD");
      response.write(true, noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
    } catch (RuntimeException e) {
      log.debug("could not answer {}: {}", request.getHttpURI().getPath(), e.toString());
      callback.failed(e);
    }
  }
}
