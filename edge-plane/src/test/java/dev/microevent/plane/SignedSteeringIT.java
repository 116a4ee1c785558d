package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the plane serves is signed as docs/edge-plane-api.yaml specifies, checked the way a client
 * will: with the JDK's own Ed25519 over the exact bytes received, from the header's values only
 * (no plane code in the check). A rotation is a hand-over signed by the old key.
 */
class SignedSteeringIT {
  private static final Pattern HEADER = Pattern.compile(
      "v=1, kind=\"([a-z-]+)\", kid=\"([0-9a-f]{16})\", seq=([0-9]+), sig=:([A-Za-z0-9+/=]+):");
  private static final String TOKEN = "signed-steering-token-0123";

  @TempDir
  Path dir;

  /** A client's check, written from the spec alone. */
  static boolean verifies(byte[] rawKey, String header, byte[] body) throws Exception {
    Matcher m = HEADER.matcher(header);
    assertThat(m.matches()).as(header).isTrue();
    byte[] input = ("microevent-signature-v1\n" + m.group(1) + "\n" + m.group(2) + "\n" + m.group(3) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[input.length + body.length];
    System.arraycopy(input, 0, all, 0, input.length);
    System.arraycopy(body, 0, all, input.length, body.length);
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(jdkKey(rawKey));
    s.update(all);
    return s.verify(Base64.getDecoder().decode(m.group(4)));
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

  private static String seq(String header) {
    Matcher m = HEADER.matcher(header);
    assertThat(m.matches()).isTrue();
    return m.group(3);
  }

  @Test
  void theConfigDocument_verifiesWithThePlanesPublicKey_overTheExactBytes_andNotWhenOneByteChanges() throws Exception {
    try (EdgePlaneServer plane = EdgePlaneServer.builder().port(0).start()) {
      HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(plane.uri().resolve("/edge/v1/config")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      String header = r.headers().firstValue("Microevent-Signature").orElseThrow();
      byte[] body = r.body();

      assertThat(verifies(plane.signingPublicKey(), header, body)).isTrue();
      body[body.length / 2] ^= 1;
      assertThat(verifies(plane.signingPublicKey(), header, body)).isFalse();
      assertThat(verifies(PlaneKey.generate().publicKey(), header, r.body())).as("another key").isFalse();
      assertThat(verifies(plane.signingPublicKey(), header.replace("kind=\"config\"", "kind=\"key-handover\""), r.body()))
          .as("the kind is signed").isFalse();
      assertThat(verifies(plane.signingPublicKey(), header.replace("seq=1,", "seq=2,"), r.body()))
          .as("the sequence is signed").isFalse();
    }
  }

  @Test
  void aConditionalRequest_listingSeveralTags_isAnswered304WhenOneNamesTheServedDocument() {
    try (EdgePlaneServer plane = EdgePlaneServer.builder().port(0).start()) {
      String etag = Http.get(plane.uri(), "/edge/v1/config").headers().firstValue("ETag").orElseThrow();

      HttpResponse<String> listed = Http.get(plane.uri(), "/edge/v1/config", "If-None-Match", "\"9-refused\", " + etag);
      HttpResponse<String> other = Http.get(plane.uri(), "/edge/v1/config", "If-None-Match", "\"9-refused\", \"8-old\"");

      assertThat(listed.statusCode()).isEqualTo(304);
      assertThat(listed.headers().firstValue("ETag")).as("the client learns which tag matched").hasValue(etag);
      assertThat(other.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void everyPushTakesTheNextSequence_soAnOlderDocumentIsRecognisableAsAReplay() {
    try (EdgePlaneServer plane = EdgePlaneServer.builder().port(0).adminToken(TOKEN).start()) {
      String first = Http.get(plane.uri(), "/edge/v1/config").headers().firstValue("Microevent-Signature").orElseThrow();
      Http.send(plane.uri(), "PUT", "/admin/v1/config", "{\"version\":\"v2\"}", "Authorization", "Bearer " + TOKEN);
      String second = Http.get(plane.uri(), "/edge/v1/config").headers().firstValue("Microevent-Signature").orElseThrow();
      assertThat(seq(first)).isEqualTo("1");
      assertThat(seq(second)).isEqualTo("2");
    }
  }

  @Test
  void aRotation_isAHandOverSignedByTheOldKey_andTheDocumentIsResignedByTheNewKey() throws Exception {
    Path keyFile = dir.resolve("plane.key");
    PlaneKey original = PlaneKey.readOrCreate(keyFile);
    try (EdgePlaneServer plane = EdgePlaneServer.builder().port(0).signingKeyFile(keyFile).adminToken(TOKEN).start()) {
      HttpResponse<String> rotated = Http.send(plane.uri(), "POST", "/admin/v1/keys/rotate", "",
          "Authorization", "Bearer " + TOKEN);
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      PlaneKey next = PlaneKey.read(keyFile);
      assertThat(next).isNotEqualTo(original);
      assertThat(plane.signingKeyId()).isEqualTo(next.keyId());
      assertThat(dir.resolve("plane.key.retired-" + original.keyId())).exists();

      JsonNode chain = new ObjectMapper().readTree(Http.get(plane.uri(), "/edge/v1/keys").body());
      JsonNode link = chain.path("handovers").get(0);
      byte[] handover = Base64.getDecoder().decode(link.path("document").asText());
      String signature = link.path("signature").asText();
      assertThat(verifies(original.publicKey(), signature, handover)).as("signed by the old key").isTrue();
      assertThat(verifies(next.publicKey(), signature, handover)).as("not by the new one").isFalse();
      JsonNode body = new ObjectMapper().readTree(handover);
      assertThat(body.path("from").path("kid").asText()).isEqualTo(original.keyId());
      assertThat(body.path("to").path("publicKey").asText()).isEqualTo(next.publicKeyBase64());
      assertThat(chain.path("current").path("kid").asText()).isEqualTo(next.keyId());

      HttpResponse<String> config = Http.get(plane.uri(), "/edge/v1/config");
      String header = config.headers().firstValue("Microevent-Signature").orElseThrow();
      assertThat(seq(header)).isEqualTo("2");
      assertThat(verifies(next.publicKey(), header, config.body().getBytes(StandardCharsets.UTF_8))).isTrue();
    }
    try (EdgePlaneServer restarted = EdgePlaneServer.builder().port(0).signingKeyFile(keyFile).start()) {
      assertThat(restarted.signingKeyId()).as("the key file holds the new key").isNotEqualTo(original.keyId());
    }
  }
}
