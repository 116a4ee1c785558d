package dev.microevent.slices.camara;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the operator's CAMARA APIs live and how to get tokens for them (OAuth2 client
 * credentials). The API base paths are the standard ones under the API root:
 * {@code /quality-on-demand/v1}, {@code /qos-profiles/v1}, {@code /network-slice-booking/v0.1}.
 *
 * <pre>{@code
 * CamaraConfig config = CamaraConfig.builder(URI.create("https://api.operator.example"))
 *     .clientCredentials(URI.create("https://auth.operator.example/oauth2/token"), "app-id", secret)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret.
 */
public final class CamaraConfig {
  /** Every scope the SDK's CAMARA clients use. */
  public static final List<String> ALL_SCOPES = List.of(
      "quality-on-demand:sessions:create", "quality-on-demand:sessions:read",
      "quality-on-demand:sessions:update", "quality-on-demand:sessions:delete",
      "quality-on-demand:sessions:retrieve-by-device", "qos-profiles:read",
      "network-slice-booking:sessions:create", "network-slice-booking:sessions:get",
      "network-slice-booking:sessions:delete");
  /** The default of {@link Builder#maxSessionCallsPerMinute(int)}. */
  public static final int DEFAULT_SESSION_CALLS_PER_MINUTE = 10;

  private final URI apiRoot;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final List<String> scopes;
  private final Duration requestTimeout;
  private final Duration tokenRefreshMargin;
  private final int maxSessionCallsPerMinute;

  private CamaraConfig(Builder b, URI tokenEndpoint, String clientId, String clientSecret) {
    this.apiRoot = b.apiRoot;
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scopes = List.copyOf(b.scopes);
    this.requestTimeout = b.requestTimeout;
    this.tokenRefreshMargin = b.tokenRefreshMargin;
    this.maxSessionCallsPerMinute = b.maxSessionCallsPerMinute;
  }

  /**
   * A builder.
   *
   * @param apiRoot the operator's API root, e.g. {@code https://api.operator.example}
   * @return a new builder; not thread-safe
   */
  public static Builder builder(URI apiRoot) {
    return new Builder(apiRoot);
  }

  /** {@return the API root} */
  public URI apiRoot() {
    return apiRoot;
  }

  /** {@return the OAuth2 token endpoint} */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** {@return the OAuth2 client id} */
  public String clientId() {
    return clientId;
  }

  /** {@return the OAuth2 client secret; never log it} */
  public String clientSecret() {
    return clientSecret;
  }

  /** {@return the scopes asked for} */
  public List<String> scopes() {
    return scopes;
  }

  /** {@return the longest one CAMARA request may take} */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@return how long before its expiry a token is refreshed} */
  public Duration tokenRefreshMargin() {
    return tokenRefreshMargin;
  }

  /**
   * {@return the most operator calls the {@link QosSessionManager} makes for one reservation in any
   * minute (creates are billable sessions); further calls wait for the minute to pass} Deletes
   * count but are never held back.
   */
  public int maxSessionCallsPerMinute() {
    return maxSessionCallsPerMinute;
  }

  @Override
  public String toString() {
    return "CamaraConfig{apiRoot=" + apiRoot + ", tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId
        + ", clientSecret=***}";
  }

  /** Builds a {@link CamaraConfig}. Not thread-safe. */
  public static final class Builder {
    private final URI apiRoot;
    private @Nullable URI tokenEndpoint;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private final List<String> scopes = new ArrayList<>(ALL_SCOPES);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration tokenRefreshMargin = Duration.ofSeconds(30);
    private int maxSessionCallsPerMinute = DEFAULT_SESSION_CALLS_PER_MINUTE;

    private Builder(URI apiRoot) {
      this.apiRoot = httpUri(apiRoot, "apiRoot");
    }

    private static URI httpUri(URI uri, String what) {
      Objects.requireNonNull(uri, what);
      if (!uri.isAbsolute() || uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException(what + " must be an absolute http(s) URI, got '" + uri + "'");
      }
      return uri;
    }

    /**
     * OAuth2 client-credentials settings. Required.
     *
     * @param tokenEndpoint the token endpoint
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return this builder
     */
    public Builder clientCredentials(URI tokenEndpoint, String clientId, String clientSecret) {
      this.tokenEndpoint = httpUri(tokenEndpoint, "tokenEndpoint");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      if (clientId.isBlank() || clientSecret.isEmpty()) {
        throw new IllegalArgumentException("client id and secret must not be empty");
      }
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * The scopes to ask for; default {@link #ALL_SCOPES}. Narrow them to what the onboarding granted.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder scopes(List<String> scopes) {
      this.scopes.clear();
      for (String s : scopes) {
        if (s.isBlank() || s.contains(" ")) {
          throw new IllegalArgumentException("scope must be a non-blank token without spaces, got '" + s + "'");
        }
        this.scopes.add(s);
      }
      return this;
    }

    /**
     * The longest one request may take; default 10 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      if (!(Objects.requireNonNull(timeout, "timeout").compareTo(Duration.ZERO) > 0)) {
        throw new IllegalArgumentException("request timeout must be positive, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * How long before expiry a token is refreshed; default 30 s.
     *
     * @param margin zero or more
     * @return this builder
     */
    public Builder tokenRefreshMargin(Duration margin) {
      if (Objects.requireNonNull(margin, "margin").isNegative()) {
        throw new IllegalArgumentException("token refresh margin must not be negative, got " + margin);
      }
      this.tokenRefreshMargin = margin;
      return this;
    }

    /**
     * The most operator calls the QoS session manager makes for one reservation in any minute;
     * default {@value CamaraConfig#DEFAULT_SESSION_CALLS_PER_MINUTE}. Keeping a session up takes a
     * few calls an hour; this bounds what a misbehaving operator or network can cost.
     *
     * @param calls 4..600 (a replacement with a conflict to resolve takes up to four)
     * @return this builder
     */
    public Builder maxSessionCallsPerMinute(int calls) {
      if (calls < 4 || calls > 600) {
        throw new IllegalArgumentException("maxSessionCallsPerMinute must be 4..600, got " + calls);
      }
      this.maxSessionCallsPerMinute = calls;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws IllegalStateException if no client credentials were given
     */
    public CamaraConfig build() {
      URI t = tokenEndpoint;
      String id = clientId;
      String secret = clientSecret;
      if (t == null || id == null || secret == null) {
        throw new IllegalStateException("give OAuth2 client credentials: clientCredentials(tokenEndpoint, id, secret)");
      }
      return new CamaraConfig(this, t, id, secret);
    }
  }
}
