package dev.microevent.plane.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document the plane serves with a detached Ed25519 signature over its exact bytes, as specified
 * in {@code docs/edge-plane-api.yaml} ("Signed steering"). The signature covers a fixed text
 * preamble naming the kind, key id and sequence, then the body bytes, so a signature can be neither
 * moved to another kind of document nor to another place in the sequence.
 *
 * @param kind {@link #CONFIG}, {@link #KEY_HANDOVER}, {@link #TICKET_KEYS} or {@link #REVOCATIONS}
 * @param sequence the document's place in its kind's sequence, from 1; clients refuse a lower one
 * @param keyId the signing key's id
 * @param body the exact bytes served
 * @param signature the 64-byte Ed25519 signature over {@link #signingInput}
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are written for the arrays
public record SignedDocument(String kind, long sequence, String keyId, byte[] body, byte[] signature) {
  /** The kind of config documents. */
  public static final String CONFIG = "config";
  /** The kind of key hand-over documents. */
  public static final String KEY_HANDOVER = "key-handover";
  /** The kind of an event's ticket key list (its sequence is the list's version, per event). */
  public static final String TICKET_KEYS = "ticket-keys";
  /** The kind of an event's revocation list or delta (its sequence is the version, per event). */
  public static final String REVOCATIONS = "revocations";
  /** The response header carrying the signature. */
  public static final String HEADER = "Microevent-Signature";
  /** The first line of every signing input. */
  public static final String PREAMBLE = "microevent-signature-v1";

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern MEMBER = Pattern.compile(
      "\\s*([a-z]+)=(\"[^\"]{0,64}\"|[0-9]{1,18}|:[A-Za-z0-9+/]{0,128}={0,2}:)\\s*");

  /**
   * The bytes the signature covers: {@code "microevent-signature-v1\n" kind "\n" kid "\n" seq "\n"}
   * in ASCII, then the body exactly as served.
   *
   * @param kind the document kind
   * @param keyId the signing key id
   * @param sequence the sequence number
   * @param body the body
   * @return the signing input
   */
  public static byte[] signingInput(String kind, String keyId, long sequence, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    byte[] head = (PREAMBLE + "\n" + kind + "\n" + keyId + "\n" + sequence + "\n").getBytes(StandardCharsets.US_ASCII);
    out.write(head, 0, head.length);
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  /**
   * The {@value #HEADER} header's value: an RFC 8941 dictionary with exactly the members {@code v},
   * {@code kind}, {@code kid}, {@code seq} and {@code sig}, in this order.
   *
   * @return e.g. {@code v=1, kind="config", kid="0123456789abcdef", seq=7, sig=:Base64:}
   */
  public String header() {
    return "v=1, kind=\"" + kind + "\", kid=\"" + keyId + "\", seq=" + sequence + ", sig=:"
        + Base64.getEncoder().encodeToString(signature) + ":";
  }

  /**
   * The strong ETag of this document: sequence and a digest of the body, quoted.
   *
   * @return e.g. {@code "7-1f2e3d4c5b6a7980"}
   */
  public String etag() {
    return "\"" + sequence + "-" + HexFormat.of().formatHex(Ed25519.sha256(body), 0, 8) + "\"";
  }

  /**
   * Whether the signature verifies with a public key over these exact bytes.
   *
   * @param rawPublicKey the 32-byte key
   * @return whether it verifies
   */
  public boolean verifiesWith(byte[] rawPublicKey) {
    return Ed25519.verify(rawPublicKey, signingInput(kind, keyId, sequence, body), signature);
  }

  /**
   * Reads a {@value #HEADER} value and pairs it with the body it came with. What a client does
   * with a received document before it verifies it.
   *
   * @param header the header value
   * @param body the exact body received
   * @return the document
   * @throws MalformedSignatureException if the header is not exactly the specified dictionary
   */
  public static SignedDocument parse(String header, byte[] body) {
    if (header.length() > 256) {
      throw new MalformedSignatureException("the signature header is longer than 256 characters");
    }
    Map<String, String> members = new LinkedHashMap<>();
    for (String part : header.split(",", -1)) {
      Matcher m = MEMBER.matcher(part);
      if (!m.matches()) {
        throw new MalformedSignatureException("the signature header has a malformed member");
      }
      if (members.put(m.group(1), m.group(2)) != null) {
        throw new MalformedSignatureException("the signature header repeats " + m.group(1));
      }
    }
    if (!members.keySet().equals(java.util.Set.of("v", "kind", "kid", "seq", "sig"))
        || !String.join(",", members.keySet()).equals("v,kind,kid,seq,sig")) {
      throw new MalformedSignatureException("the signature header must have exactly v, kind, kid, seq and sig, in order");
    }
    if (!members.getOrDefault("v", "").equals("1")) {
      throw new MalformedSignatureException("unknown signature version " + members.getOrDefault("v", ""));
    }
    String kind = unquote(members.getOrDefault("kind", ""));
    String kid = unquote(members.getOrDefault("kid", ""));
    if (!KIND.matcher(kind).matches() || !KEY_ID.matcher(kid).matches()) {
      throw new MalformedSignatureException("the signature header's kind or kid is malformed");
    }
    String seqText = members.getOrDefault("seq", "");
    String sigText = members.getOrDefault("sig", "");
    if (seqText.startsWith("\"") || seqText.startsWith(":") || !sigText.startsWith(":")) {
      throw new MalformedSignatureException("seq must be an integer and sig a byte sequence");
    }
    long seq = Long.parseLong(seqText);
    if (seq < 1) {
      throw new MalformedSignatureException("seq must be >= 1");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(sigText.substring(1, sigText.length() - 1));
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException("sig is not Base64");
    }
    if (sig.length != Ed25519.SIGNATURE_SIZE) {
      throw new MalformedSignatureException("sig must be 64 bytes, got " + sig.length);
    }
    return new SignedDocument(kind, seq, kid, body.clone(), sig);
  }

  private static String unquote(String v) {
    if (v.length() < 2 || !v.startsWith("\"") || !v.endsWith("\"")) {
      throw new MalformedSignatureException("expected a quoted string");
    }
    return v.substring(1, v.length() - 1);
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

  /** A {@value #HEADER} value that is not the specified dictionary. */
  public static final class MalformedSignatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedSignatureException(String message) {
      super(message);
    }
  }
}
