package dev.microevent.core.spi;

import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.SteeringRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The edge plane's detached signature over a steering document ({@code docs/edge-plane-api.yaml},
 * "Signed steering"): the header {@code Microevent-Signature: v=1, kind="...", kid="<16 hex>",
 * seq=<n>, sig=:<Base64 of 64 bytes>:}, an Ed25519 signature over {@code
 * microevent-signature-v1\n<kind>\n<kid>\n<seq>\n} followed by the body exactly as received. The
 * header is read exactly in that form (members in that order, nothing else), so one signature has
 * one text. Immutable and thread-safe.
 *
 * @see SteeringVerifier
 */
public final class SteeringSignature {
  /** The response header that carries it. */
  public static final String HEADER = "Microevent-Signature";
  /** The kind of a config document. */
  public static final String CONFIG = "config";
  /** The kind of a key hand-over. */
  public static final String KEY_HANDOVER = "key-handover";
  /** The kind of a ticket key list. */
  public static final String TICKET_KEYS = "ticket-keys";
  /** The kind of a revocation list or delta. */
  public static final String REVOCATIONS = "revocations";
  /** Longest header value read. */
  public static final int MAX_LENGTH = 256;

  private static final Pattern FORM = Pattern.compile(
      "v=1, kind=\"([a-z][a-z0-9-]{0,31})\", kid=\"([0-9a-f]{16})\", seq=([1-9][0-9]{0,17}), "
          + "sig=:([A-Za-z0-9+/]{86}==):");

  private final String kind;
  private final String kid;
  private final long seq;
  private final byte[] signature;

  private SteeringSignature(String kind, String kid, long seq, byte[] signature) {
    this.kind = kind;
    this.kid = kid;
    this.seq = seq;
    this.signature = signature;
  }

  /**
   * Reads a header value.
   *
   * @param header the value, or {@code null} when the response had none
   * @return the signature
   * @throws SteeringRejectedException {@code UNSIGNED} without a value, {@code MALFORMED} if it is
   *     not exactly of the form
   */
  public static SteeringSignature parse(@Nullable String header) {
    if (header == null) {
      throw new SteeringRejectedException(Reason.UNSIGNED, "the document is unsigned (no " + HEADER + " header)", null);
    }
    if (header.length() > MAX_LENGTH) {
      throw malformed("is longer than " + MAX_LENGTH + " characters");
    }
    Matcher m = FORM.matcher(header);
    if (!m.matches()) {
      throw malformed("is not of the form v=1, kind=\"...\", kid=\"<16 hex>\", seq=<n>, sig=:<Base64 of 64 bytes>:");
    }
    // 86 Base64 characters and "==" always decode to exactly 64 bytes.
    byte[] sig = Base64.getDecoder().decode(m.group(4));
    return new SteeringSignature(m.group(1), m.group(2), Long.parseLong(m.group(3)), sig);
  }

  private static SteeringRejectedException malformed(String what) {
    return new SteeringRejectedException(Reason.MALFORMED, "the " + HEADER + " header " + what, null);
  }

  /**
   * The bytes a signature covers.
   *
   * @param kind the kind
   * @param kid the key id
   * @param seq the sequence number
   * @param body the body as received
   * @return the signing input
   */
  public static byte[] signingInput(String kind, String kid, long seq, byte[] body) {
    byte[] prefix = ("microevent-signature-v1\n" + kind + "\n" + kid + "\n" + seq + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  /**
   * The header value for a signature (for tools and tests that play the plane).
   *
   * @param kind the kind
   * @param kid the signing key's id
   * @param seq the sequence number
   * @param signature the 64-byte signature over {@link #signingInput}
   * @return the header value
   */
  public static String header(String kind, String kid, long seq, byte[] signature) {
    return "v=1, kind=\"" + kind + "\", kid=\"" + kid + "\", seq=" + seq + ", sig=:"
        + Base64.getEncoder().encodeToString(signature) + ":";
  }

  /**
   * What the document is.
   *
   * @return the kind
   */
  public String kind() {
    return kind;
  }

  /**
   * The signing key's id.
   *
   * @return 16 lower-case hex digits
   */
  public String kid() {
    return kid;
  }

  /**
   * The document's place in its kind's sequence.
   *
   * @return 1 or more
   */
  public long seq() {
    return seq;
  }

  /**
   * The signature's bytes, for a plane that stores what it signed and reads it back.
   *
   * @return a copy of the 64 bytes
   */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The header value of this signature, as {@link #parse} read it.
   *
   * @return the value
   */
  public String header() {
    return header(kind, kid, seq, signature);
  }

  /**
   * Whether this signature verifies a body with a key (the caller picks the key {@link #kid()} names).
   *
   * @param key the key
   * @param body the body as received
   * @return whether it does
   */
  public boolean verifies(SteeringKey key, byte[] body) {
    return key.kid().equals(kid) && key.verifies(signingInput(kind, kid, seq, body), signature);
  }

  @Override
  public String toString() {
    return "SteeringSignature{" + kind + ", kid " + kid + ", seq " + seq + "}";
  }
}
