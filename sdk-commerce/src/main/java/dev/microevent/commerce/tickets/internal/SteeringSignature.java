package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.internal.EdKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The edge plane's detached signature over a steering document ({@code docs/edge-plane-api.yaml},
 * "Signed steering"): the response header {@code Microevent-Signature: v=1, kind="...",
 * kid="<16 hex>", seq=<n>, sig=:<Base64 of 64 bytes>:}, an Ed25519 signature over {@code
 * microevent-signature-v1\n<kind>\n<kid>\n<seq>\n} followed by the body exactly as received. The
 * header is read exactly in that form (members in that order, nothing else), so one signature has
 * one text. Immutable.
 */
public final class SteeringSignature {
  /** The response header that carries it. */
  public static final String HEADER = "Microevent-Signature";
  /** The kind of a ticket key list. */
  public static final String TICKET_KEYS = "ticket-keys";
  /** The kind of a revocation list or delta. */
  public static final String REVOCATIONS = "revocations";

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

  private static final Pattern FORM = Pattern.compile(
      "v=1, kind=\"([a-z][a-z0-9-]{0,31})\", kid=\"([0-9a-f]{16})\", seq=([1-9][0-9]{0,17}), "
          + "sig=:([A-Za-z0-9+/]{86}==):");

  /**
   * Reads a header value.
   *
   * @param header the value
   * @return the signature, or {@code null} if the value is not exactly of the form
   */
  public static @Nullable SteeringSignature parse(String header) {
    if (header.length() > 256) {
      return null;
    }
    Matcher m = FORM.matcher(header);
    if (!m.matches()) {
      return null;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(m.group(4));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (sig.length != EdKey.SIGNATURE_SIZE) {
      return null;
    }
    return new SteeringSignature(m.group(1), m.group(2), Long.parseLong(m.group(3)), sig);
  }

  /**
   * The key id of a raw public key, as {@code kid} names it.
   *
   * @param publicKey 32 bytes
   * @return 16 lower-case hex digits
   */
  public static String kidOf(byte[] publicKey) {
    return HexFormat.of().toHexDigits(EdKey.keyId(publicKey));
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
   * Signs a document (for tests and tools that play the plane).
   *
   * @param seed the plane's 32-byte private key
   * @param kind the kind
   * @param seq the sequence number
   * @param body the exact body
   * @return the header value
   */
  public static String sign(byte[] seed, String kind, long seq, byte[] body) {
    byte[] pk = EdKey.publicKey(seed);
    String kid = kidOf(pk);
    byte[] input = signingInput(kind, kid, seq, body);
    byte[] sig = EdKey.sign(seed, pk, input, 0, input.length);
    return "v=1, kind=\"" + kind + "\", kid=\"" + kid + "\", seq=" + seq + ", sig=:"
        + Base64.getEncoder().encodeToString(sig) + ":";
  }

  /**
   * Whether this signature verifies a body with one of the trusted keys (the one its {@code kid}
   * names).
   *
   * @param body the body as received
   * @param trusted the trusted keys by id
   * @return whether it does
   */
  public boolean verifies(byte[] body, Map<String, EdKey> trusted) {
    EdKey key = trusted.get(kid);
    if (key == null) {
      return false;
    }
    byte[] input = signingInput(kind, kid, seq, body);
    return key.verify(signature, 0, input, 0, input.length);
  }

  @Override
  public String toString() {
    return "SteeringSignature{" + kind + ", kid " + kid + ", seq " + seq + "}";
  }
}
