package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8032 section 7.1, tests 1 to 3: Bouncy Castle through our wrapper, cross-checked by the JDK
 * (whose check other tests of the module reuse: {@link #jdkVerifies}).
 */
public class EdKeyTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest(name = "RFC 8032 {0}")
  @CsvSource({
      "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
          + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
          + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
          + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
          + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
          + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
          + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"})
  void rfc8032Vector_signsVerifiesAndRejectsAnyFlippedBit(String name, String sk, String pk, String msg, String sig)
      throws Exception {
    byte[] seed = HEX.parseHex(sk);
    byte[] message = HEX.parseHex(msg);
    byte[] signature = HEX.parseHex(sig);

    assertThat(HEX.formatHex(EdKey.publicKey(seed))).isEqualTo(pk);
    byte[] ours = EdKey.sign(seed, HEX.parseHex(pk), message, 0, message.length);
    assertThat(HEX.formatHex(ours)).isEqualTo(sig);
    EdKey key = EdKey.of(HEX.parseHex(pk));
    assertThat(key).isNotNull();
    assertThat(key.verify(signature, 0, message, 0, message.length)).isTrue();
    assertThat(jdkVerifies(HEX.parseHex(pk), message, ours)).as("the JDK agrees").isTrue();
    for (int bit = 0; bit < signature.length * 8; bit++) {
      byte[] bad = signature.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(key.verify(bad, 0, message, 0, message.length)).as("bit %d flipped", bit).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "too short, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f70751",
      "identity (small order), 0100000000000000000000000000000000000000000000000000000000000000",
      "not on the curve, 0200000000000000000000000000000000000000000000000000000000000000"})
  void invalidPublicKey_isRefused(String name, String raw) {
    assertThat(EdKey.of(HEX.parseHex(raw))).isNull();
  }

  /**
   * Verifies with the JDK's own Ed25519 (SunEC), an implementation independent of Bouncy Castle.
   *
   * @param raw the raw RFC 8032 public key
   * @param message the message
   * @param signature the signature
   * @return whether it verifies
   * @throws Exception if the JDK has no Ed25519
   */
  public static boolean jdkVerifies(byte[] raw, byte[] message, byte[] signature) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(jdkKey(raw));
    s.update(message);
    return s.verify(signature);
  }

  static PublicKey jdkKey(byte[] raw) throws Exception {
    byte[] le = raw.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
  }
}
