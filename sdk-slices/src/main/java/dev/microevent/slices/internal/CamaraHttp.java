package dev.microevent.slices.internal;

import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.internal.Json;
import dev.microevent.core.internal.RetryAfter;
import dev.microevent.core.spi.Meters;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.RemoteCalls;
import dev.microevent.core.time.Ticker;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.CamaraConflictException;
import dev.microevent.slices.camara.CamaraException;
import dev.microevent.slices.camara.CamaraInvalidArgumentException;
import dev.microevent.slices.camara.CamaraNotFoundException;
import dev.microevent.slices.camara.CamaraPermissionDeniedException;
import dev.microevent.slices.camara.CamaraRateLimitedException;
import dev.microevent.slices.camara.CamaraUnauthenticatedException;
import dev.microevent.slices.camara.CamaraUnprocessableException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One CAMARA exchange on core's service-call path ({@link RemoteCalls}, source {@code camara}:
 * the client's shared connection pool, classification, timing and {@code microevent.remote.calls}):
 * bearer token, {@code x-correlator}, JSON body, a 4 MiB answer limit, one retry after a rejected
 * token, error answers mapped to typed exceptions, and a {@code microevent.slices.camara.requests}
 * timer per operation on the client's ticker.
 */
final class CamaraHttp {
  /** The {@link RemoteCalls} source of the operator's API. */
  static final String SOURCE = dev.microevent.slices.camara.CamaraException.SOURCE;
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
  private static final String JSON = "application/json";
  private static final long MAX_BODY = 4L * 1024 * 1024;

  private final RemoteCalls remote;
  private final OAuthTokenProvider tokens;
  private final Meters meters;
  private final Ticker ticker;
  private final Random random;
  private final URI apiRoot;
  private final Duration timeout;

  CamaraHttp(CamaraConfig config, ModuleRuntime runtime, Random random) {
    this.remote = runtime.remote();
    this.tokens = new OAuthTokenProvider(config, remote, runtime.clock());
    this.meters = runtime.meters();
    this.ticker = runtime.ticker();
    this.random = random;
    this.apiRoot = config.apiRoot();
    this.timeout = config.requestTimeout();
  }

  /**
   * The path of a resource below the API root, e.g. {@code ("quality-on-demand/v1", "sessions", id)};
   * each segment is percent-encoded.
   */
  String url(String basePath, String... segments) {
    StringBuilder b = new StringBuilder("/").append(basePath);
    for (String s : segments) {
      b.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return b.toString();
  }

  /**
   * Runs one exchange.
   *
   * @param api metric tag, e.g. {@code qod}
   * @param operation the CAMARA operation id
   * @param method HTTP method
   * @param path the path below the API root, from {@link #url}
   * @param body the JSON body object, or {@code null}
   * @return the 2xx body (possibly empty)
   */
  byte[] exchange(String api, String operation, String method, String path, @Nullable Object body) {
    byte[] json = body == null ? null : Json.write(body);
    long t0 = ticker.read();
    String outcome = "token_error";
    int status = 0;
    try {
      for (int attempt = 1; ; attempt++) {
        String token = tokens.token();
        outcome = "io_error";
        String correlator = new UUID(random.nextLong(), random.nextLong()).toString();
        EdgeRequest.Builder rb = EdgeRequest.builder(method, path)
            .header("Authorization", "Bearer " + token)
            .header("x-correlator", correlator)
            .header("Accept", JSON);
        if (json != null) {
          rb.body(json, JSON);
        } else if (method.equals("POST")) {
          rb.body(new byte[0], JSON);
        }
        try {
          EdgeResponse response = remote.execute(SOURCE, apiRoot, rb.build(), timeout);
          status = response.statusCode();
          outcome = "success";
          return bounded(response.body(), status);
        } catch (HttpServiceException e) {
          status = e.statusCode();
          if (status == 401 && attempt == 1) {
            tokens.invalidate(token);
            continue;
          }
          outcome = "error";
          throw error(status, e.body(), e.retryAfter().map(CamaraHttp::capped).orElse(null), null, correlator,
              operation);
        }
      }
    } catch (DeadlineExceededException e) {
      outcome = "timeout";
      throw new DeadlineExceededException("CAMARA " + operation + " timed out; the operator did not answer in time",
          Duration.ofNanos(ticker.read() - t0), e);
    } catch (ConnectionFailedException e) {
      throw new ConnectionFailedException("CAMARA " + operation + " could not reach the operator at "
          + apiRoot.getHost() + "; check the network and retry", e);
    } finally {
      meters.time("microevent.slices.camara.requests", Duration.ofNanos(ticker.read() - t0),
          "api", api, "operation", operation, "outcome", outcome, "status", Meters.statusClass(status));
    }
  }

  /** A body of at most 4 MiB; a longer one is a malformed answer: no CAMARA or OAuth2 answer is that large. */
  static byte[] bounded(byte[] body, int status) {
    if (body.length > MAX_BODY) {
      throw new ResponseMappingException("the operator's answer (HTTP " + status + ") exceeds "
          + MAX_BODY + " bytes; no CAMARA or OAuth2 answer is that large", null);
    }
    return body;
  }

  /**
   * Maps an error answer to its typed exception; never throws, whatever the body and headers hold.
   *
   * @param status the HTTP status
   * @param body the (bounded) body
   * @param retryAfterHeader the {@code Retry-After} header, if any
   * @param echoedCorrelator the answer's {@code x-correlator} header, if any
   * @param correlator the one sent
   * @param operation the CAMARA operation id
   * @param clock for HTTP-date Retry-After values
   * @return the exception to throw
   */
  static CamaraException error(int status, byte[] body, @Nullable String retryAfterHeader,
      @Nullable String echoedCorrelator, @Nullable String correlator, String operation, Clock clock) {
    return error(status, body, retryAfter(retryAfterHeader, clock), echoedCorrelator, correlator, operation);
  }

  /**
   * Maps an error answer whose {@code Retry-After} was read already; never throws.
   *
   * @param status the HTTP status
   * @param body the (bounded) body
   * @param retryAfter the wait the answer asked for, at most a day, if any
   * @param echoedCorrelator the answer's {@code x-correlator} header, if any
   * @param correlator the one sent
   * @param operation the CAMARA operation id
   * @return the exception to throw
   */
  static CamaraException error(int status, byte[] body, @Nullable Duration retryAfter,
      @Nullable String echoedCorrelator, @Nullable String correlator, String operation) {
    String code = CamaraException.UNKNOWN_CODE;
    String message = "";
    try {
      CamaraWire.ErrorInfoDto e = Json.read(body, CamaraWire.ErrorInfoDto.class);
      if (e.code() != null && !e.code().isBlank()) {
        code = bounded(e.code(), 80);
      }
      if (e.message() != null) {
        message = bounded(e.message(), 200);
      }
    } catch (ResponseMappingException notCamara) {
      // keep UNKNOWN: the body was not an ErrorInfo (a proxy page, hostile JSON, nothing)
    }
    String corr = echoedCorrelator != null ? bounded(echoedCorrelator, 256) : correlator;
    return switch (status) {
      case 400 -> new CamaraInvalidArgumentException(status, body, corr, retryAfter, operation, code, message);
      case 401 -> new CamaraUnauthenticatedException(status, body, corr, retryAfter, operation, code, message);
      case 403 -> new CamaraPermissionDeniedException(status, body, corr, retryAfter, operation, code, message);
      case 404 -> new CamaraNotFoundException(status, body, corr, retryAfter, operation, code, message);
      case 409 -> new CamaraConflictException(status, body, corr, retryAfter, operation, code, message);
      case 422 -> new CamaraUnprocessableException(status, body, corr, retryAfter, operation, code, message);
      case 429 -> new CamaraRateLimitedException(status, body, corr, retryAfter, operation, code, message);
      default -> new CamaraException(status, body, corr, retryAfter, operation, code, message);
    };
  }

  /** Text from the operator fit for a message: control characters blanked, at most {@code max} long. */
  static String bounded(String s, int max) {
    String clean = s.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= max ? clean : clean.substring(0, max) + "...";
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 §10.2.3), capped at a day. */
  static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
    Duration d = RetryAfter.parse(header, clock);
    return d == null ? null : capped(d);
  }

  /** A wait the operator asked for, at most a day. */
  static Duration capped(Duration retryAfter) {
    return retryAfter.compareTo(MAX_RETRY_AFTER) <= 0 ? retryAfter : MAX_RETRY_AFTER;
  }
}
