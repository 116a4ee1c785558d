package dev.microevent.slices.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.CamaraException;
import dev.microevent.slices.camara.CamaraRateLimitedException;
import dev.microevent.slices.camara.CamaraUnauthenticatedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials tokens (RFC 6749 §4.4): fetched on first use, cached until shortly
 * before they expire (on the injected clock), and dropped when the operator rejects them, so the
 * next call fetches a new one. Token values never reach logs or exception messages.
 */
final class OAuthTokenProvider {
  private static final Logger log = LoggerFactory.getLogger(OAuthTokenProvider.class);

  private final CamaraConfig config;
  private final OkHttpClient http;
  private final Clock clock;
  private @Nullable String token;
  private Instant refreshAt = Instant.MIN;

  record TokenResponse(@JsonProperty("access_token") @Nullable String accessToken,
      @JsonProperty("token_type") @Nullable String tokenType, @JsonProperty("expires_in") @Nullable Long expiresIn) {}

  record OAuthError(@Nullable String error, @JsonProperty("error_description") @Nullable String description) {}

  OAuthTokenProvider(CamaraConfig config, OkHttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
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

  /** Forgets a token the operator rejected. */
  synchronized void invalidate(String rejected) {
    if (rejected.equals(token)) {
      token = null;
    }
  }

  private String fetch() {
    FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
    if (!config.scopes().isEmpty()) {
      form.add("scope", String.join(" ", config.scopes()));
    }
    Request request = new Request.Builder().url(config.tokenEndpoint().toString())
        .header("Authorization", Credentials.basic(config.clientId(), config.clientSecret()))
        .header("Accept", "application/json")
        .post(form.build()).build();
    try (Response response = http.newCall(request).execute()) {
      byte[] body = CamaraHttp.read(response);
      if (response.code() != 200) {
        String code = "UNAUTHENTICATED";
        try {
          OAuthError e = Json.read(body, OAuthError.class);
          if (e.error() != null) {
            code = e.error().toUpperCase(Locale.ROOT);
          }
        } catch (ResponseMappingException notOAuth) {
          // keep the generic code
        }
        int status = response.code();
        if (status == 429) {
          throw new CamaraRateLimitedException(status, body,
              CamaraHttp.retryAfter(response.header("Retry-After"), clock), null, "token", code,
              "the token endpoint is throttling the client");
        }
        if (status >= 500 || status < 400) {
          throw new CamaraException(status, body, null, null, "token", code, "the token endpoint failed");
        }
        throw new CamaraUnauthenticatedException(status, body, null, null, "token", code,
            "the token endpoint refused the client credentials");
      }
      TokenResponse tr = Json.read(body, TokenResponse.class);
      String access = tr.accessToken();
      if (access == null || access.isBlank()) {
        throw new ResponseMappingException("the token endpoint's answer has no access_token", null);
      }
      if (tr.tokenType() != null && !"bearer".equalsIgnoreCase(tr.tokenType())) {
        throw new ResponseMappingException("the token endpoint issued a '" + tr.tokenType()
            + "' token; only bearer tokens are supported", null);
      }
      long lifetime = tr.expiresIn() == null ? 300 : Math.max(0, tr.expiresIn());
      Duration margin = config.tokenRefreshMargin();
      Duration usable = Duration.ofSeconds(lifetime).minus(margin);
      if (usable.isNegative()) {
        usable = Duration.ofSeconds(lifetime / 2);
      }
      token = access;
      refreshAt = clock.instant().plus(usable);
      log.debug("fetched a CAMARA access token valid for {} s", lifetime);
      return access;
    } catch (IOException e) {
      throw new ConnectionFailedException("could not reach the CAMARA token endpoint " + config.tokenEndpoint()
          + " (" + e.getClass().getSimpleName() + "); check the network and retry", e);
    }
  }
}
