package dev.microevent.commerce.shield;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed pass into a drop's shop, issued in queue order. The shop checks it with {@link
 * DropQueue#verify}. Immutable and thread-safe.
 *
 * @param value the token to hand to the client ({@code base64url(payload).base64url(hmac)})
 * @param sequence its place in admission order, from 1, strictly increasing per drop on the
 *     instance that admitted it
 * @param client the client it was issued to
 * @param expiresAt when it stops being accepted
 */
public record AdmissionToken(String value, long sequence, ClientKey client, Instant expiresAt) {

  /**
   * Checks the components.
   *
   * @param value the token to hand to the client ({@code base64url(payload).base64url(hmac)})
   * @param sequence its place in admission order, from 1, strictly increasing per drop on the
   *     instance that admitted it
   * @param client the client it was issued to
   * @param expiresAt when it stops being accepted
   */
  public AdmissionToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Redacted: the value is a bearer credential. */
  @Override
  public String toString() {
    return "AdmissionToken{#" + sequence + ", " + client + ", expires " + expiresAt + "}";
  }
}
