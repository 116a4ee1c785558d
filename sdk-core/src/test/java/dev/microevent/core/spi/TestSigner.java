package dev.microevent.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

/** A plane's signing key for tests, on the JDK's Ed25519: signs steering documents as the plane does. */
public final class TestSigner {
  private final KeyPair pair;
  private final SteeringKey key;

  private TestSigner(KeyPair pair) {
    this.pair = pair;
    byte[] der = pair.getPublic().getEncoded();
    this.key = SteeringKey.decode(Arrays.copyOfRange(der, der.length - 32, der.length)).orElseThrow();
  }

  /** A fresh key. */
  public static TestSigner generate() {
    try {
      return new TestSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Its public key. */
  public SteeringKey key() {
    return key;
  }

  /** The {@code Microevent-Signature} value for a body. */
  public String sign(String kind, long seq, byte[] body) {
    return SteeringSignature.header(kind, key.kid(), seq, rawSign(SteeringSignature.signingInput(kind, key.kid(), seq, body)));
  }

  /** The {@code Microevent-Signature} value for a UTF-8 body. */
  public String sign(String kind, long seq, String body) {
    return sign(kind, seq, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A hand-over body from this key to another, and its signature header. */
  public String[] handOver(long seq, TestSigner to) {
    String body = "{\"kind\":\"key-handover\",\"sequence\":" + seq + ",\"from\":{\"kid\":\"" + key.kid()
        + "\",\"publicKey\":\"" + key.base64() + "\"},\"to\":{\"kid\":\"" + to.key.kid() + "\",\"publicKey\":\""
        + to.key.base64() + "\"},\"issuedAt\":\"2026-06-01T18:00:00Z\"}";
    return new String[] {body, sign(SteeringSignature.KEY_HANDOVER, seq, body)};
  }

  byte[] rawSign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(pair.getPrivate());
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
