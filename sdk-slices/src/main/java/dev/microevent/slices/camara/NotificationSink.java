package dev.microevent.slices.camara;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the operator sends a session's status notifications (CloudEvents), with the bearer token
 * it must present ({@code ACCESSTOKEN} sink credential). The token should outlive the session.
 *
 * @param uri an https URI the app serves
 * @param accessToken the token the operator sends back as {@code Authorization: Bearer}
 * @param accessTokenExpiresAt when the token expires
 */
public record NotificationSink(URI uri, String accessToken, Instant accessTokenExpiresAt) {
  /**
   * Validates the fields.
   *
   * @param uri an https URI the app serves
   * @param accessToken the token the operator sends back as {@code Authorization: Bearer}
   * @param accessTokenExpiresAt when the token expires
   * @throws IllegalArgumentException if {@code uri} is not an https URI, or {@code accessToken} is
   *     blank
   */
  public NotificationSink {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("notification sink must be an https URI (QoD 1.1.0), got '" + uri + "'");
    }
    if (accessToken.isBlank()) {
      throw new IllegalArgumentException("sink access token must not be blank");
    }
  }

  @Override
  public String toString() {
    return "NotificationSink{" + uri + ", token=***, expires " + accessTokenExpiresAt + "}";
  }
}
