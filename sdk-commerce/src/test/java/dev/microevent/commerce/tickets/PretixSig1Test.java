package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * pretix {@code pretix_sig1} secrets built by hand to the documented layout: protobuf {@code
 * Ticket}, Ed25519 over it, {@code 0x01 | u16 | u16 | payload | signature}, padded Base64,
 * reversed.
 */
class PretixSig1Test {
  private static final TicketSigningKey PRETIX_EVENT_KEY = TicketSigningKey.fromSeed(Fixture.seed(7));
  private static final TicketKey PRETIX_KEY = TicketKey.pretixSig1(PRETIX_EVENT_KEY.publicKey().publicKey());
  private static final long ITEM = 42;

  private final VirtualTime time = Fixture.time();

  private TicketVerifier.Builder gate() {
    return TicketVerifier.builder().event(EVENT).gate(Fixture.NORTH).clock(time.clock())
        .keys(KeyRing.builder().key(PRETIX_KEY).build());
  }

  /** The protobuf message, field by field: tags 0x0a (1, bytes), 0x10.. 0x30 (2..6, varint). */
  static byte[] ticketMessage(String seed, long item, long variation, long subevent, long from, long until,
      byte[] extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] s = seed.getBytes(StandardCharsets.UTF_8);
    out.write(0x0a);
    varint(out, s.length);
    out.writeBytes(s);
    long[] values = {item, variation, subevent, from, until};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        out.write((i + 2) << 3);
        varint(out, values[i]);
      }
    }
    out.writeBytes(extra);
    return out.toByteArray();
  }

  static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  static byte[] frame(byte[] payload, byte[] signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x01);
    out.write(payload.length >> 8);
    out.write(payload.length);
    out.write(signature.length >> 8);
    out.write(signature.length);
    out.writeBytes(payload);
    out.writeBytes(signature);
    return out.toByteArray();
  }

  static String secretOf(byte[] frame) {
    return new StringBuilder(Base64.getEncoder().encodeToString(frame)).reverse().toString();
  }

  static String secret(TicketSigningKey key, byte[] payload) {
    return secretOf(frame(payload, key.sign(payload)));
  }

  private static String plainSecret(String seed) {
    return secret(PRETIX_EVENT_KEY, ticketMessage(seed, ITEM, 0, 0, 0, 0, new byte[0]));
  }

  @Test
  void secretBuiltToTheDocumentedLayout_verifies() {
    String secret = secret(PRETIX_EVENT_KEY, ticketMessage("abcdefghj", ITEM, 3, 0,
        Fixture.DOORS.getEpochSecond(), Fixture.CLOSE.getEpochSecond(), new byte[0]));

    Verdict v = gate().build().verify(secret);

    assertThat(v.kind()).isEqualTo(VerdictKind.VALID);
    assertThat(v.offline()).isTrue();
    assertThat(v.keyId()).contains(PRETIX_KEY.id());
    Ticket t = v.ticket().orElseThrow();
    assertThat(t.format()).isEqualTo(TicketFormat.PRETIX_SIG1);
    assertThat(t.id()).isEqualTo(TicketId.of("abcdefghj"));
    assertThat(t.event()).isEqualTo(EVENT);
    assertThat(t.tier()).contains("item-42.3");
    assertThat(t.validFrom()).contains(Fixture.DOORS);
    assertThat(t.validUntil()).contains(Fixture.CLOSE);
  }

  @Test
  void everySingleByteChangeOfTheFrame_andEveryCharacterChangeOfTheSecret_isRefused() {
    byte[] payload = ticketMessage("abcdefghj", ITEM, 0, 0, 0, 0, new byte[0]);
    byte[] frame = frame(payload, PRETIX_EVENT_KEY.sign(payload));
    TicketVerifier gate = gate().build();
    int checked = 0;
    for (int i = 0; i < frame.length; i++) {
      for (int x = 1; x < 256; x += 7) {
        byte[] bad = frame.clone();
        bad[i] ^= (byte) x;
        Verdict v = gate.check(secretOf(bad));
        assertThat(v.kind()).as("byte %d ^ %d", i, x).isIn(VerdictKind.BAD_SIGNATURE, VerdictKind.MALFORMED);
        checked++;
      }
    }
    String secret = secretOf(frame);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:#";
    for (int i = 0; i < secret.length(); i++) {
      for (int k = 0; k < alphabet.length(); k++) {
        char c = alphabet.charAt(k);
        if (c != secret.charAt(i)) {
          String bad = secret.substring(0, i) + c + secret.substring(i + 1);
          Verdict v = gate.check(bad);
          assertThat(v.kind()).as("char %d -> %s", i, c)
              .isIn(VerdictKind.BAD_SIGNATURE, VerdictKind.MALFORMED, VerdictKind.VALID);
          if (v.admits()) {
            // Base64's last character of a group may carry unused low bits: the same bytes, not a forgery.
            assertThat(Base64.getDecoder().decode(new StringBuilder(bad).reverse().toString())).isEqualTo(frame);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10_000);
    assertThat(gate.check(secret).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void secretSignedByAnotherKey_isBadSignature() {
    String forged = secret(Fixture.OTHER_OFFICE, ticketMessage("abcdefghj", ITEM, 0, 0, 0, 0, new byte[0]));

    assertThat(gate().build().verify(forged).kind()).isEqualTo(VerdictKind.BAD_SIGNATURE);
  }

  @Test
  void payloadLongerThan255Bytes_isReadWithRealBigEndianLengths() {
    // libpretixsync's parser shifts the high byte by 2 instead of 8, which breaks past 255 bytes.
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    unknown.write(9 << 3 | 2);
    varint(unknown, 300);
    unknown.writeBytes(new byte[300]);
    byte[] payload = ticketMessage("longone12", ITEM, 0, 0, 0, 0, unknown.toByteArray());
    assertThat(payload.length).isGreaterThan(300);

    assertThat(gate().build().verify(secret(PRETIX_EVENT_KEY, payload)).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void validityBoundsInTheSecret_areEnforced() {
    long now = time.now().getEpochSecond();
    String later = secret(PRETIX_EVENT_KEY, ticketMessage("later0001", ITEM, 0, 0, now + 3600, 0, new byte[0]));
    String over = secret(PRETIX_EVENT_KEY, ticketMessage("over00001", ITEM, 0, 0, 0, now - 3600, new byte[0]));
    TicketVerifier gate = gate().build();

    assertThat(gate.verify(later).kind()).isEqualTo(VerdictKind.NOT_YET_VALID);
    assertThat(gate.verify(over).kind()).isEqualTo(VerdictKind.EXPIRED);
  }

  @Test
  void revokedAndBlockedSeeds_areRefused_andASecondScanIsAlreadyUsed() {
    TicketVerifier gate = gate().revocations(RevocationList.builder(EVENT).version(1)
        .revoke(TicketId.of("cancelled")).block(TicketId.of("disputed1")).build()).build();

    assertThat(gate.verify(plainSecret("cancelled")).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(gate.verify(plainSecret("disputed1")).kind()).isEqualTo(VerdictKind.BLOCKED);
    assertThat(gate.verify(plainSecret("fine00001")).kind()).isEqualTo(VerdictKind.VALID);
    Verdict again = gate.verify(plainSecret("fine00001"));
    assertThat(again.kind()).isEqualTo(VerdictKind.ALREADY_USED);
    assertThat(again.previous()).contains(new Scan(Fixture.NORTH, time.now()));
  }

  @Test
  void productsAndSubeventsOutsideTheList_areWrongZoneAndWrongEvent() {
    TicketVerifier gate = gate().pretix(PretixList.builder().subevent(7).items(Set.of(ITEM)).build()).build();
    String otherItem = secret(PRETIX_EVENT_KEY, ticketMessage("item00001", 99, 0, 7, 0, 0, new byte[0]));
    String otherDate = secret(PRETIX_EVENT_KEY, ticketMessage("date00001", ITEM, 0, 8, 0, 0, new byte[0]));
    String right = secret(PRETIX_EVENT_KEY, ticketMessage("right0001", ITEM, 0, 7, 0, 0, new byte[0]));

    assertThat(gate.verify(otherItem).kind()).isEqualTo(VerdictKind.WRONG_ZONE);
    assertThat(gate.verify(otherDate).kind()).isEqualTo(VerdictKind.WRONG_EVENT);
    assertThat(gate.verify(right).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void everyValidPretixKeyIsTried_andARetiredOneIsRefusedAfterItsGrace() {
    Instant retired = time.now().minus(Duration.ofHours(2));
    KeyRing ring = KeyRing.builder().grace(Duration.ofHours(1))
        .key(TicketKey.pretixSig1(Fixture.OTHER_OFFICE.publicKey().publicKey()))
        .key(PRETIX_KEY.withRetiredAt(retired)).build();
    TicketVerifier gate = gate().keys(ring).build();

    assertThat(gate.verify(plainSecret("old000001")).kind()).isEqualTo(VerdictKind.BAD_SIGNATURE);
    gate.keys(KeyRing.builder().key(PRETIX_KEY.withRetiredAt(retired)).grace(Duration.ofHours(1)).build());
    assertThat(gate.verify(plainSecret("old000001")).kind()).isEqualTo(VerdictKind.UNKNOWN_KEY);
    gate.keys(ring.retire(PRETIX_KEY.id(), time.now().minusSeconds(60)));
    assertThat(gate.verify(plainSecret("old000001")).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void withoutPretixKeys_aSecretIsMalformed() {
    TicketVerifier gate = gate().keys(Fixture.ring()).build();

    assertThat(gate.verify(plainSecret("abcdefghj")).kind()).isEqualTo(VerdictKind.MALFORMED);
  }

  @Test
  void pretixPublishedKey_base64OfPem_decodesToTheSameKey() {
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] der = new byte[44];
    System.arraycopy(spki, 0, der, 0, 12);
    System.arraycopy(PRETIX_KEY.publicKey(), 0, der, 12, 32);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
    String published = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));

    assertThat(TicketKey.pretixSig1(published)).isEqualTo(PRETIX_KEY);
    assertThat(TicketKey.pretixSig1(pem)).isEqualTo(PRETIX_KEY);
    for (String bad : new String[] {"", "!!!", Base64.getEncoder().encodeToString("hello".getBytes(
        StandardCharsets.US_ASCII)), pem.replace("MCow", "MCox"), "-----BEGIN PUBLIC KEY-----x-----END PUBLIC KEY-----"}) {
      assertThatThrownBy(() -> TicketKey.pretixSig1(bad)).as(bad).isInstanceOf(TicketException.class);
    }
    assertThat(EnumSet.allOf(TicketFormat.class)).contains(PRETIX_KEY.format());
  }
}
