package dev.microevent.slices.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.CamaraException;
import dev.microevent.slices.camara.CamaraRateLimitedException;
import dev.microevent.slices.camara.CamaraUnauthenticatedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.spi.RemoteCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials tokens (RFC 6749 §4.4): fetched on first use, cached until shortly
 * before they expire (on the injected clock), and dropped when the operator rejects them, so the
 * next call fetches a new one. Token values never reach logs or exception messages. Fetched on
 * core's service-call path, source {@code oauth}.
 */
final class OAuthTokenProvider {
  private static final Logger log = LoggerFactory.getLogger(OAuthTokenProvider.class);

  /** The longest a token is trusted, whatever the endpoint says: it is fetched anew after a day. */
  static final Duration MAX_LIFETIME = Duration.ofDays(1);
  /** The lifetime of a token whose answer gives none. */
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  /** The longest token accepted, in characters. */
  static final int MAX_TOKEN = 16 * 1024;

  private final CamaraConfig config;
  private final RemoteCalls remote;
  private final Clock clock;
  private @Nullable String token;
  private Instant refreshAt = Instant.MIN;

  record TokenResponse(@JsonProperty("access_token") @Nullable String accessToken,
      @JsonProperty("token_type") @Nullable String tokenType, @JsonProperty("expires_in") @Nullable Long expiresIn) {}

  record OAuthError(@Nullable String error, @JsonProperty("error_description") @Nullable String description) {}

  OAuthTokenProvider(CamaraConfig config, RemoteCalls remote, Clock clock) {
    this.config = config;
    this.remote = remote;
    this.clock = clock;
  }

  /** A valid access token, fetching one if needed. */
  synchronized String token() {
    String t = token;
    if (t != null && clock.instant().isBefore(refreshAt)) {
      return t;
    }
    return fetch();
  }

  /**
   * A token the endpoint granted.
   *
   * @param accessToken the token, fit for an {@code Authorization} header
   * @param lifetime how long it is valid, 0 .. {@link #MAX_LIFETIME}
   */
  record Grant(String accessToken, Duration lifetime) {}

  /**
   * Reads a token endpoint's 200 answer (RFC 6749 §5.1). A lifetime is clamped to
   * 0 .. {@link #MAX_LIFETIME} (no answer can push the refresh out of the clock's range); a token
   * that could not be sent in a header (control, space or non-ASCII characters, or absurdly long)
   * is refused.
   *
   * @param body the answer body
   * @return the grant
   * @throws ResponseMappingException if the answer is malformed
   */
  static Grant grant(byte[] body) {
    TokenResponse tr = Json.read(body, TokenResponse.class);
    String access = tr.accessToken();
    if (access == null || access.isEmpty()) {
      throw new ResponseMappingException("the token endpoint's answer has no access_token", null);
    }
    if (access.length() > MAX_TOKEN || !access.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ResponseMappingException("the token endpoint's access_token cannot be sent in an Authorization "
          + "header: it must be at most " + MAX_TOKEN + " visible ASCII characters without spaces", null);
    }
    String type = tr.tokenType();
    if (type != null && !"bearer".equalsIgnoreCase(type)) {
      throw new ResponseMappingException("the token endpoint issued a '" + CamaraHttp.bounded(type, 40)
          + "' token; only bearer tokens are supported", null);
    }
    Long expiresIn = tr.expiresIn();
    long seconds = expiresIn == null ? DEFAULT_LIFETIME.toSeconds()
        : Math.max(0, Math.min(expiresIn, MAX_LIFETIME.toSeconds()));
    return new Grant(access, Duration.ofSeconds(seconds));
  }

  /**
   * Maps a token endpoint's error answer (RFC 6749 §5.2) to a typed exception; never throws.
   *
   * @param status the HTTP status (not 200)
   * @param body the answer body
   * @param retryAfterHeader the {@code Retry-After} header, if any
   * @param clock for HTTP-date Retry-After values
   * @return the exception to throw
   */
  static CamaraException error(int status, byte[] body, @Nullable String retryAfterHeader, Clock clock) {
    return error(status, body, CamaraHttp.retryAfter(retryAfterHeader, clock));
  }

  /**
   * Maps a token endpoint's error answer whose {@code Retry-After} was read already; never throws.
   *
   * @param status the HTTP status (not 200)
   * @param body the answer body
   * @param retryAfter the wait the answer asked for, at most a day, if any
   * @return the exception to throw
   */
  static CamaraException error(int status, byte[] body, @Nullable Duration retryAfter) {
    String code = "UNAUTHENTICATED";
    try {
      OAuthError e = Json.read(body, OAuthError.class);
      if (e.error() != null && !e.error().isBlank()) {
        code = CamaraHttp.bounded(e.error().toUpperCase(Locale.ROOT), 80);
      }
    } catch (ResponseMappingException notOAuth) {
      // keep the generic code
    }
    if (status == 429) {
      return new CamaraRateLimitedException(status, body, null, retryAfter,
          "token", code, "the token endpoint is throttling the client");
    }
    if (status >= 500 || status < 400) {
      return new CamaraException(status, body, null, null, "token", code, "the token endpoint failed");
    }
    return new CamaraUnauthenticatedException(status, body, null, null, "token", code,
        "the token endpoint refused the client credentials");
  }

  /** Forgets a token the operator rejected. */
  synchronized void invalidate(String rejected) {
    if (rejected.equals(token)) {
      token = null;
    }
  }

  private String fetch() {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (!config.scopes().isEmpty()) {
      form.append("&scope=").append(URLEncoder.encode(String.join(" ", config.scopes()), StandardCharsets.UTF_8));
    }
    URI endpoint = config.tokenEndpoint();
    String credentials = config.clientId() + ":" + config.clientSecret();
    EdgeRequest request = EdgeRequest.builder("POST", path(endpoint))
        .header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.ISO_8859_1)))
        .header("Accept", "application/json")
        .body(form.toString(), "application/x-www-form-urlencoded")
        .build();
    EdgeResponse response;
    try {
      response = remote.execute("oauth", root(endpoint), request, config.requestTimeout());
    } catch (HttpServiceException e) {
      throw error(e.statusCode(), e.body(), e.retryAfter().map(CamaraHttp::capped).orElse(null));
    } catch (ConnectionFailedException | DeadlineExceededException e) {
      throw new ConnectionFailedException("could not reach the CAMARA token endpoint " + endpoint
          + " (" + e.getClass().getSimpleName() + "); check the network and retry", e);
    }
    byte[] body = CamaraHttp.bounded(response.body(), response.statusCode());
    if (response.statusCode() != 200) {
      throw error(response.statusCode(), body, (Duration) null);
    }
    Grant g = grant(body);
    Duration usable = g.lifetime().minus(config.tokenRefreshMargin());
    if (usable.isNegative()) {
      usable = g.lifetime().dividedBy(2);
    }
    token = g.accessToken();
    refreshAt = clock.instant().plus(usable);
    log.debug("fetched a CAMARA access token valid for {} s", g.lifetime().toSeconds());
    return g.accessToken();
  }

  /** The endpoint's scheme and authority: the base its path is resolved below. */
  private static URI root(URI endpoint) {
    return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority());
  }

  /** The endpoint's path and query, as a path below {@link #root}. */
  private static String path(URI endpoint) {
    String p = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    return endpoint.getRawQuery() == null ? p : p + "?" + endpoint.getRawQuery();
  }
}
