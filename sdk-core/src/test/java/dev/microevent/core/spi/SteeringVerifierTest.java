package dev.microevent.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.SteeringRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one check of signed steering documents: RFC 8032 vectors, then every way a header can be hostile. */
class SteeringVerifierTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] BODY = "{\"version\":\"v1\"}".getBytes(StandardCharsets.UTF_8);
  private final TestSigner plane = TestSigner.generate();
  private final SteeringVerifier verifier = new SteeringVerifier(SteeringSignature.CONFIG, List.of(plane.key()));

  @ParameterizedTest(name = "RFC 8032 {0}")
  @CsvSource({
      "TEST 1, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
          + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "TEST 2, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
          + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "TEST 3, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
          + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"})
  void rfc8032Vector_verifies_andNoFlippedBitDoes(String name, String pk, String msg, String sig) {
    SteeringKey key = SteeringKey.decode(HEX.parseHex(pk)).orElseThrow();
    byte[] message = HEX.parseHex(msg);
    byte[] signature = HEX.parseHex(sig);

    assertThat(key.verifies(message, signature)).isTrue();
    for (int bit = 0; bit < signature.length * 8; bit += 7) {
      byte[] bad = signature.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(key.verifies(message, bad)).as("bit %d flipped", bit).isFalse();
    }
    assertThat(key.verifies(message, new byte[63])).as("truncated").isFalse();
  }

  @Test
  void aKeyIsReadAsBase64_orAsThePlaneKeysNewLine_whoseKidMustMatch() {
    assertThat(SteeringKey.parse(plane.key().base64())).contains(plane.key());
    assertThat(SteeringKey.parse(plane.key().kid() + " " + plane.key().base64())).contains(plane.key());
    assertThat(SteeringKey.parse("0123456789abcdef " + plane.key().base64())).isEmpty();
    assertThat(SteeringKey.parse("not base64!")).isEmpty();
    assertThat(SteeringKey.parse("AAAA")).isEmpty();
    assertThat(SteeringKey.parse("a b c")).isEmpty();
  }

  @Test
  void aParsedSignature_givesBackItsBytesAndTheHeaderItWasReadFrom() {
    String header = plane.sign(SteeringSignature.CONFIG, 3, BODY);

    SteeringSignature sig = SteeringSignature.parse(header);

    assertThat(sig.header()).isEqualTo(header);
    assertThat(sig.signature()).hasSize(64);
    assertThat(SteeringSignature.header(sig.kind(), sig.kid(), sig.seq(), sig.signature())).isEqualTo(header);
  }

  @Test
  void aSignedDocument_isAccepted_andTheSameBytesAgainAreHeld() {
    String header = plane.sign(SteeringSignature.CONFIG, 3, BODY);

    SteeringSignature sig = verifier.verify(header, BODY);
    verifier.accept(sig, BODY);

    assertThat(sig.seq()).isEqualTo(3);
    assertThat(verifier.holds(verifier.verify(header, BODY), BODY)).isTrue();
    assertThat(verifier.sequence()).isEqualTo(3);
  }

  @Test
  void anOlderSequence_orTheSameSequenceWithOtherBytes_isAReplay() {
    verifier.accept(verifier.verify(plane.sign(SteeringSignature.CONFIG, 5, BODY), BODY), BODY);
    byte[] other = "{\"version\":\"v0\"}".getBytes(StandardCharsets.UTF_8);

    assertRefused(plane.sign(SteeringSignature.CONFIG, 4, other), other, Reason.REPLAYED);
    assertRefused(plane.sign(SteeringSignature.CONFIG, 5, other), other, Reason.REPLAYED);
    assertThat(verifier.verify(plane.sign(SteeringSignature.CONFIG, 6, other), other).seq()).isEqualTo(6);
  }

  @Test
  void aDocumentSignedByAnotherKey_orAlteredByOneByte_isRefused() {
    assertRefused(TestSigner.generate().sign(SteeringSignature.CONFIG, 1, BODY), BODY, Reason.UNKNOWN_KEY);
    byte[] altered = BODY.clone();
    altered[3] ^= 1;
    assertRefused(plane.sign(SteeringSignature.CONFIG, 1, BODY), altered, Reason.BAD_SIGNATURE);
    assertRefused(plane.sign(SteeringSignature.CONFIG, 1, BODY).replace("seq=1,", "seq=2,"), BODY, Reason.BAD_SIGNATURE);
    assertRefused(plane.sign(SteeringSignature.TICKET_KEYS, 1, BODY), BODY, Reason.WRONG_KIND);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty|''|MALFORMED",
      "garbage|not a signature|MALFORMED",
      "members reordered|kind=\"config\", v=1, kid=\"0123456789abcdef\", seq=1, sig=:AAAA:|MALFORMED",
      "version 2|v=2, kind=\"config\", kid=\"0123456789abcdef\", seq=1, sig=:{SIG}:|MALFORMED",
      "upper-case kid|v=1, kind=\"config\", kid=\"0123456789ABCDEF\", seq=1, sig=:{SIG}:|MALFORMED",
      "short kid|v=1, kind=\"config\", kid=\"0123456789abcde\", seq=1, sig=:{SIG}:|MALFORMED",
      "seq zero|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=0, sig=:{SIG}:|MALFORMED",
      "seq leading zero|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=01, sig=:{SIG}:|MALFORMED",
      "seq overflow|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=99999999999999999999, sig=:{SIG}:|MALFORMED",
      "negative seq|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=-1, sig=:{SIG}:|MALFORMED",
      "truncated signature|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=1, sig=:AAAAAAAAAAAAAAAAAAAAAA==:|MALFORMED",
      "extra member|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=1, sig=:{SIG}:, x=1|MALFORMED",
      "unknown key id|v=1, kind=\"config\", kid=\"0123456789abcdef\", seq=1, sig=:{SIG}:|UNKNOWN_KEY"})
  void aHostileHeader_isATypedRefusal_neverAnotherException(String name, String header, Reason reason) {
    String sig = "A".repeat(86) + "==";
    assertRefused(header.replace("{SIG}", sig), BODY, reason);
  }

  @Test
  void anOversizeHeader_orNone_isATypedRefusal() {
    String valid = plane.sign(SteeringSignature.CONFIG, 1, BODY);
    assertRefused(valid + " ".repeat(SteeringSignature.MAX_LENGTH), BODY, Reason.MALFORMED);
    assertRefused(null, BODY, Reason.UNSIGNED);
  }

  @Test
  void trustingOnlyTheNewKey_refusesTheKeyItReplaced() {
    TestSigner next = TestSigner.generate();
    verifier.trust(List.of(next.key()));

    assertRefused(plane.sign(SteeringSignature.CONFIG, 9, BODY), BODY, Reason.UNKNOWN_KEY);
    assertThat(verifier.verify(next.sign(SteeringSignature.CONFIG, 9, BODY), BODY).kid()).isEqualTo(next.key().kid());
  }

  private void assertRefused(String header, byte[] body, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(header, body))
        .isInstanceOfSatisfying(SteeringRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static String chain(String[]... links) {
    StringBuilder b = new StringBuilder("{\"handovers\":[");
    for (int i = 0; i < links.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"document\":\"")
          .append(java.util.Base64.getEncoder().encodeToString(links[i][0].getBytes(StandardCharsets.UTF_8)))
          .append("\",\"signature\":\"").append(links[i][1].replace("\"", "\\\"")).append("\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void aChainOfHandOvers_isWalkedFromTheTrustedKey_andOnlyItsLastKeyIsTrustedAfterwards() {
    TestSigner a = TestSigner.generate();
    TestSigner b = TestSigner.generate();
    TestSigner c = TestSigner.generate();
    SteeringVerifier v = new SteeringVerifier(SteeringSignature.REVOCATIONS, List.of(a.key()));
    byte[] doc = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(v.adoptHandovers(chain(a.handOver(1, b), b.handOver(2, c)).getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(k -> assertThat(k.kid()).isEqualTo(c.key().kid()));
    assertThat(v.verify(c.sign(SteeringSignature.REVOCATIONS, 1, doc), doc).kid()).isEqualTo(c.key().kid());
    assertThatThrownBy(() -> v.verify(a.sign(SteeringSignature.REVOCATIONS, 2, doc), doc))
        .isInstanceOfSatisfying(SteeringRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void aHandOverNotSignedByTheKeyItHandsOverFrom_isNotFollowed() {
    TestSigner a = TestSigner.generate();
    TestSigner b = TestSigner.generate();
    TestSigner forger = TestSigner.generate();
    SteeringVerifier v = new SteeringVerifier(SteeringSignature.TICKET_KEYS, List.of(a.key()));
    String[] forged = a.handOver(1, forger);
    forged[1] = forger.sign(SteeringSignature.KEY_HANDOVER, 1, forged[0]).replace(forger.key().kid(), a.key().kid());

    assertThat(v.adoptHandovers(chain(forged).getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(v.adoptHandovers("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(v.adoptHandovers(chain(b.handOver(1, forger)).getBytes(StandardCharsets.UTF_8)))
        .as("a chain that never starts at a trusted key").isEmpty();
    assertThat(v.trusted()).extracting(SteeringKey::kid).containsExactly(a.key().kid());
  }

  @Test
  void aDocumentSignedByAHandedOverKey_getsTheChainAskedForOnce_andTheKeyAdopted() {
    TestSigner a = TestSigner.generate();
    TestSigner b = TestSigner.generate();
    SteeringVerifier v = new SteeringVerifier(SteeringSignature.REVOCATIONS, List.of(a.key()));
    byte[] chain = chain(a.handOver(1, b)).getBytes(StandardCharsets.UTF_8);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    byte[] first = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"version\":2}".getBytes(StandardCharsets.UTF_8);

    SteeringSignature sig = v.verify(b.sign(SteeringSignature.REVOCATIONS, 1, first), first, () -> {
      asked.incrementAndGet();
      return chain;
    });
    v.accept(sig, first);
    SteeringSignature next = v.verify(b.sign(SteeringSignature.REVOCATIONS, 2, second), second, () -> {
      asked.incrementAndGet();
      return chain;
    });

    assertThat(sig.kid()).isEqualTo(b.key().kid());
    assertThat(next.seq()).isEqualTo(2);
    assertThat(asked).as("the chain is asked for once: after that the key is trusted").hasValue(1);
    assertThat(v.trusted()).extracting(SteeringKey::kid).containsExactly(b.key().kid());
  }

  @Test
  void aDocumentSignedByAKeyTheChainDoesNotReach_isRefusedAsAnUnknownKey_andNothingIsAdopted() {
    TestSigner a = TestSigner.generate();
    TestSigner b = TestSigner.generate();
    TestSigner stranger = TestSigner.generate();
    SteeringVerifier v = new SteeringVerifier(SteeringSignature.TICKET_KEYS, List.of(a.key()));
    byte[] forgedChain = chain(stranger.handOver(1, b)).getBytes(StandardCharsets.UTF_8);
    String header = b.sign(SteeringSignature.TICKET_KEYS, 1, BODY);

    for (byte[] chain : List.of(forgedChain, "not json".getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(() -> v.verify(header, BODY, () -> chain))
          .isInstanceOfSatisfying(SteeringRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }
    assertThatThrownBy(() -> v.verify(header, BODY, () -> null)).as("no chain to be had")
        .isInstanceOfSatisfying(SteeringRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    assertThat(v.trusted()).extracting(SteeringKey::kid).containsExactly(a.key().kid());
  }

  @Test
  void aDocumentSignedByATrustedKey_orRefusedForAnythingButAnUnknownKey_neverAsksForTheChain() {
    java.util.function.Supplier<byte[]> chain = () -> {
      throw new AssertionError("the key chain was asked for");
    };

    assertThat(verifier.verify(plane.sign(SteeringSignature.CONFIG, 1, BODY), BODY, chain).seq()).isEqualTo(1);
    byte[] altered = "{\"version\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier.verify(plane.sign(SteeringSignature.CONFIG, 2, BODY), altered, chain))
        .isInstanceOfSatisfying(SteeringRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }
}
