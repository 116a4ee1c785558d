package dev.microevent.plane.internal;

import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.spi.SteeringSignature;
import dev.microevent.core.spi.SteeringVerifier;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A document the plane serves with a detached Ed25519 signature over its exact bytes, as specified
 * in {@code docs/edge-plane-api.yaml} ("Signed steering"). The signature covers a fixed text
 * preamble naming the kind, key id and sequence, then the body bytes, so a signature can be neither
 * moved to another kind of document nor to another place in the sequence. The header's form, the
 * signing input and the kinds are sdk-core's {@link SteeringSignature}: the plane writes what
 * clients read with the same code.
 *
 * @param kind {@link #CONFIG}, {@link #KEY_HANDOVER}, {@link #TICKET_KEYS} or {@link #REVOCATIONS}
 * @param sequence the document's place in its kind's sequence, from 1; clients refuse a lower one
 * @param keyId the signing key's id
 * @param body the exact bytes served
 * @param signature the 64-byte Ed25519 signature over {@link SteeringSignature#signingInput}
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are written for the arrays
public record SignedDocument(String kind, long sequence, String keyId, byte[] body, byte[] signature) {
  /** The kind of config documents. */
  public static final String CONFIG = SteeringSignature.CONFIG;
  /** The kind of key hand-over documents. */
  public static final String KEY_HANDOVER = SteeringSignature.KEY_HANDOVER;
  /** The kind of an event's ticket key list (its sequence is the list's version, per event). */
  public static final String TICKET_KEYS = SteeringSignature.TICKET_KEYS;
  /** The kind of an event's revocation list or delta (its sequence is the version, per event). */
  public static final String REVOCATIONS = SteeringSignature.REVOCATIONS;
  /** The response header carrying the signature. */
  public static final String HEADER = SteeringSignature.HEADER;

  /**
   * The {@value #HEADER} header's value: an RFC 8941 dictionary with exactly the members {@code v},
   * {@code kind}, {@code kid}, {@code seq} and {@code sig}, in this order.
   *
   * @return e.g. {@code v=1, kind="config", kid="0123456789abcdef", seq=7, sig=:Base64:}
   */
  public String header() {
    return SteeringSignature.header(kind, keyId, sequence, signature);
  }

  /**
   * The strong ETag of this document: sequence and a digest of the body, quoted.
   *
   * @return e.g. {@code "7-1f2e3d4c5b6a7980"}
   */
  public String etag() {
    return "\"" + sequence + "-" + HexFormat.of().formatHex(SteeringVerifier.sha256(body), 0, 8) + "\"";
  }

  /**
   * Reads a {@value #HEADER} value (as a client does, {@link SteeringSignature#parse}) and pairs it
   * with the body it came with: how the plane reads back what it stored.
   *
   * @param header the header value
   * @param body the exact body
   * @return the document
   * @throws SteeringRejectedException if the header is not exactly the specified dictionary
   */
  public static SignedDocument parse(String header, byte[] body) {
    SteeringSignature s = SteeringSignature.parse(header);
    return new SignedDocument(s.kind(), s.seq(), s.kid(), body.clone(), s.signature());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedDocument d && d.kind.equals(kind) && d.sequence == sequence && d.keyId.equals(keyId)
        && Arrays.equals(d.body, body) && Arrays.equals(d.signature, signature);
  }

  @Override
  public int hashCode() {
    return (kind + sequence + keyId).hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "SignedDocument{" + kind + " #" + sequence + " by " + keyId + ", " + body.length + " bytes}";
  }
}
