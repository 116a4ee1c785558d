package dev.microevent.slices.internal;

import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.ClientMeters;
import dev.microevent.core.internal.Json;
import dev.microevent.core.internal.RetryAfter;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.CamaraConflictException;
import dev.microevent.slices.camara.CamaraException;
import dev.microevent.slices.camara.CamaraInvalidArgumentException;
import dev.microevent.slices.camara.CamaraNotFoundException;
import dev.microevent.slices.camara.CamaraPermissionDeniedException;
import dev.microevent.slices.camara.CamaraRateLimitedException;
import dev.microevent.slices.camara.CamaraUnauthenticatedException;
import dev.microevent.slices.camara.CamaraUnprocessableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * One CAMARA exchange: bearer token, {@code x-correlator}, JSON body, bounded response read,
 * one retry after a rejected token, error bodies mapped to typed exceptions, I/O failures
 * wrapped, and a {@code microevent.slices.camara.requests} timer.
 */
final class CamaraHttp {
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_BODY = 4L * 1024 * 1024;
  /** What an error keeps of the body, as the core's transport does ({@code SdkServiceException#body()}). */
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final OkHttpClient http;
  private final OAuthTokenProvider tokens;
  private final ClientMeters meters;
  private final Random random;
  private final HttpUrl apiRoot;
  private final Clock clock;

  CamaraHttp(CamaraConfig config, OkHttpClient shared, Clock clock, ClientMeters meters, Random random) {
    this.http = shared.newBuilder().callTimeout(config.requestTimeout()).build();
    this.tokens = new OAuthTokenProvider(config, http, clock);
    this.meters = meters;
    this.random = random;
    this.apiRoot = HttpUrl.get(config.apiRoot().toString());
    this.clock = clock;
  }

  /** The URL of a path below the API root, e.g. {@code ("quality-on-demand/v1", "sessions", id)}. */
  HttpUrl url(String basePath, String... segments) {
    HttpUrl.Builder b = apiRoot.newBuilder().addPathSegments(basePath);
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /**
   * Runs one exchange.
   *
   * @param api metric tag, e.g. {@code qod}
   * @param operation the CAMARA operation id
   * @param method HTTP method
   * @param url the URL
   * @param body the JSON body object, or {@code null}
   * @return the 2xx body (possibly empty)
   */
  byte[] exchange(String api, String operation, String method, HttpUrl url, @Nullable Object body) {
    byte[] json = body == null ? null : Json.write(body);
    long t0 = System.nanoTime();
    String outcome = "token_error";
    int status = 0;
    try {
      for (int attempt = 1; ; attempt++) {
        String token = tokens.token();
        outcome = "io_error";
        String correlator = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        Request.Builder rb = new Request.Builder().url(url)
            .header("Authorization", "Bearer " + token)
            .header("x-correlator", correlator)
            .header("Accept", "application/json");
        rb.method(method, json == null ? (method.equals("POST") ? RequestBody.create(new byte[0], JSON) : null)
            : RequestBody.create(json, JSON));
        try (Response response = http.newCall(rb.build()).execute()) {
          status = response.code();
          byte[] bytes = read(response);
          if (status == 401 && attempt == 1) {
            tokens.invalidate(token);
            continue;
          }
          if (status >= 200 && status < 300) {
            outcome = "success";
            return bytes;
          }
          outcome = "error";
          throw error(status, bytes.length > MAX_ERROR_BODY ? java.util.Arrays.copyOf(bytes, MAX_ERROR_BODY) : bytes,
              response.header("Retry-After"), response.header("x-correlator"), correlator, operation, clock);
        }
      }
    } catch (InterruptedIOException e) {
      outcome = "timeout";
      throw new DeadlineExceededException("CAMARA " + operation + " timed out; the operator did not answer in time",
          Duration.ofNanos(System.nanoTime() - t0), e);
    } catch (IOException e) {
      throw new ConnectionFailedException("CAMARA " + operation + " could not reach the operator at " + apiRoot.host()
          + " (" + e.getClass().getSimpleName() + "); check the network and retry", e);
    } finally {
      MeterRegistry r = meters.registry();
      if (r != null) {
        Timer.builder("microevent.slices.camara.requests")
            .description("CAMARA API exchanges")
            .tags("api", api, "operation", operation, "outcome", outcome, "status", ClientMeters.statusClass(status))
            .register(r)
            .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Reads a body of at most 4 MiB; a longer one is a malformed answer, not a full heap. */
  static byte[] read(Response response) throws IOException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_BODY + 1)) {
      throw new ResponseMappingException("the operator's answer (HTTP " + response.code() + ") exceeds "
          + MAX_BODY + " bytes; no CAMARA or OAuth2 answer is that large", null);
    }
    return source.readByteArray();
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
    Duration retryAfter = retryAfter(retryAfterHeader, clock);
    String corr = echoedCorrelator != null ? bounded(echoedCorrelator, 256) : correlator;
    return switch (status) {
      case 400 -> new CamaraInvalidArgumentException(status, body, retryAfter, corr, operation, code, message);
      case 401 -> new CamaraUnauthenticatedException(status, body, retryAfter, corr, operation, code, message);
      case 403 -> new CamaraPermissionDeniedException(status, body, retryAfter, corr, operation, code, message);
      case 404 -> new CamaraNotFoundException(status, body, retryAfter, corr, operation, code, message);
      case 409 -> new CamaraConflictException(status, body, retryAfter, corr, operation, code, message);
      case 422 -> new CamaraUnprocessableException(status, body, retryAfter, corr, operation, code, message);
      case 429 -> new CamaraRateLimitedException(status, body, retryAfter, corr, operation, code, message);
      default -> new CamaraException(status, body, retryAfter, corr, operation, code, message);
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
    return d == null || d.compareTo(MAX_RETRY_AFTER) <= 0 ? d : MAX_RETRY_AFTER;
  }
}
