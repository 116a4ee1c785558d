package dev.microevent.plane.internal;

import dev.microevent.core.spi.SteeringKey;
import dev.microevent.core.spi.SteeringSignature;
import java.security.PrivateKey;

/**
 * A signing key as the plane's machinery holds it.
 *
 * @param privateKey the Ed25519 private key
 * @param publicKey its raw 32-byte public key
 * @param keyId its id ({@link SteeringKey#kidOf})
 */
@SuppressWarnings("ArrayRecordComponent") // equality is by key id
public record Signer(PrivateKey privateKey, byte[] publicKey, String keyId) {
  /**
   * A signer for a key pair.
   *
   * @param privateKey the private key
   * @param publicKey the raw public key
   * @return the signer
   */
  public static Signer of(PrivateKey privateKey, byte[] publicKey) {
    // The accessor hands out the array itself: callers treat it as read-only.
    return new Signer(privateKey, publicKey.clone(), SteeringKey.kidOf(publicKey));
  }

  /**
   * Signs a document.
   *
   * @param kind what it is ({@link SignedDocument#CONFIG}, {@link SignedDocument#KEY_HANDOVER})
   * @param sequence its place in the kind's sequence, from 1
   * @param body the exact bytes served
   * @return the signed document
   */
  public SignedDocument sign(String kind, long sequence, byte[] body) {
    byte[] input = SteeringSignature.signingInput(kind, keyId, sequence, body);
    return new SignedDocument(kind, sequence, keyId, body.clone(), Ed25519.sign(privateKey, input));
  }

  @Override
  public String toString() {
    return "Signer{kid=" + keyId + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signer other && other.keyId.equals(keyId);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }
}
