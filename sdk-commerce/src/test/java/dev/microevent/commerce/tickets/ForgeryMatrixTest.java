package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.BOX_OFFICE;
import static dev.microevent.commerce.tickets.Fixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.tickets.internal.Base45;
import dev.microevent.commerce.tickets.internal.TicketFrame;
import dev.microevent.commerce.tickets.internal.TicketText;
import dev.microevent.core.time.VirtualTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every way to get a ticket wrong gets the right verdict, and none gets VALID or an exception:
 * every single-byte change of a valid ticket's frame (all 255 other values at every position),
 * every single-character change of its text, and the named cases.
 */
class ForgeryMatrixTest {
  private static final Set<VerdictKind> REFUSED_UNREAD =
      EnumSet.of(VerdictKind.BAD_SIGNATURE, VerdictKind.MALFORMED, VerdictKind.UNKNOWN_KEY);

  private final VirtualTime time = Fixture.time();
  private final TicketVerifier gate = Fixture.gate(time, Fixture.NORTH).build();
  private final String valid = Fixture.issuer().issue(Fixture.ticket("T-000417").build());

  private static byte[] frameOf(String text) {
    return Base45.decode(text, TicketText.PLAIN.length(), text.length(), TicketFrame.MAX_FRAME);
  }

  @Test
  void theTicketUnderTest_isValid() {
    assertThat(gate.check(valid).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void everySingleByteChangeOfTheFrame_isRefusedUnread() {
    byte[] frame = frameOf(valid);
    int cases = 0;
    for (int i = 0; i < frame.length; i++) {
      for (int v = 0; v < 256; v++) {
        if (v == (frame[i] & 0xff)) {
          continue;
        }
        byte[] bad = frame.clone();
        bad[i] = (byte) v;
        Verdict verdict = gate.check(TicketText.plain(bad));
        assertThat(verdict.kind()).as("byte %d = %d", i, v).isIn(REFUSED_UNREAD);
        assertThat(verdict.ticket()).isEmpty();
        cases++;
      }
    }
    assertThat(cases).isEqualTo(frame.length * 255);
  }

  @Test
  void everySingleCharacterChangeOfTheText_isRefusedUnread() {
    String others = "abz#\u0000\u00e9\n\r\t\"\\=_~";
    String alphabet = Base45.ALPHABET + others;
    int cases = 0;
    for (int i = 0; i < valid.length(); i++) {
      for (int k = 0; k < alphabet.length(); k++) {
        char c = alphabet.charAt(k);
        if (c == valid.charAt(i)) {
          continue;
        }
        String bad = valid.substring(0, i) + c + valid.substring(i + 1);
        Verdict verdict = gate.check(bad);
        assertThat(verdict.kind()).as("char %d = U+%04X", i, (int) c).isIn(REFUSED_UNREAD);
        cases++;
      }
    }
    assertThat(cases).isEqualTo(valid.length() * (alphabet.length() - 1));
  }

  @Test
  void aTicketSignedByAnotherKeyUnderTheTrustedKeyId_isBadSignature() {
    byte[] signed = TicketFrame.signedPart(BOX_OFFICE.id().value(), 0, 0, 0, 1, EVENT.value(), "T-forged", "", "");
    byte[] sig = Fixture.OTHER_OFFICE.sign(signed);
    byte[] frame = Arrays.copyOf(signed, signed.length + sig.length);
    System.arraycopy(sig, 0, frame, signed.length, sig.length);

    assertThat(gate.verify(TicketText.plain(frame)).kind()).isEqualTo(VerdictKind.BAD_SIGNATURE);
  }

  @Test
  void aTicketOfAnUnknownKeyId_isUnknownKey_withTheIdNamed() {
    String other = TicketIssuer.builder().signingKey(Fixture.OTHER_OFFICE).build()
        .issue(Fixture.ticket("T-1").build());

    Verdict v = gate.verify(other);

    assertThat(v.kind()).isEqualTo(VerdictKind.UNKNOWN_KEY);
    assertThat(v.keyId()).contains(Fixture.OTHER_OFFICE.id());
    assertThat(v.detail()).contains(Fixture.OTHER_OFFICE.id().toString());
  }

  @Test
  void ourFrameUnderAPretixKeysId_isUnknownKey() {
    TicketVerifier pretixOnly = Fixture.gate(time, Fixture.NORTH)
        .keys(KeyRing.builder().key(TicketKey.pretixSig1(BOX_OFFICE.publicKey().publicKey())).build()).build();

    assertThat(pretixOnly.verify(valid).kind()).isEqualTo(VerdictKind.UNKNOWN_KEY);
  }

  @Test
  void everyTruncationOfTheTextAndOfTheFrame_isMalformed() {
    for (int n = 0; n < valid.length(); n++) {
      assertThat(gate.check(valid.substring(0, n)).kind()).as("first %d chars", n).isEqualTo(VerdictKind.MALFORMED);
    }
    byte[] frame = frameOf(valid);
    for (int n = 0; n < frame.length; n++) {
      assertThat(gate.check(TicketText.plain(Arrays.copyOf(frame, n))).kind()).as("first %d bytes", n)
          .isEqualTo(VerdictKind.MALFORMED);
    }
  }

  @Test
  void oversizedInput_isMalformedBeforeDecoding() {
    byte[] frame = frameOf(valid);
    byte[] longer = Arrays.copyOf(frame, frame.length + 1);

    assertThat(gate.check(TicketText.plain(longer)).kind()).isEqualTo(VerdictKind.MALFORMED);
    assertThat(gate.check(valid + "00").kind()).isEqualTo(VerdictKind.MALFORMED);
    assertThat(gate.check(TicketText.PLAIN + "0".repeat(TicketText.MAX_CHARS)).kind()).isEqualTo(VerdictKind.MALFORMED);
    assertThat(gate.check(valid + " ".repeat(10_000_000)).kind()).isEqualTo(VerdictKind.MALFORMED);
  }

  @Test
  void garbage_isMalformed() {
    SplittableRandom random = new SplittableRandom(417);
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[random.nextInt(300)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = i % 2 == 0 ? Base45.ALPHABET.charAt(random.nextInt(45)) : (char) random.nextInt(0x10000);
      }
      String text = (i % 4 == 0 ? TicketText.PLAIN : "") + new String(chars);
      assertThat(gate.check(text).kind()).as(text).isIn(REFUSED_UNREAD);
    }
    for (String s : new String[] {"", "ME1:", "ME1+:", "ME1+12345678:", "ME1+1234567890:" + valid.substring(4),
        "ME2:" + valid.substring(4), "https://example.org/t/1", "{\"ticket\":1}"}) {
      assertThat(gate.check(s).kind()).as(s).isEqualTo(VerdictKind.MALFORMED);
    }
  }

  @Test
  void signedFramesThatBreakTheFormat_areMalformed() {
    long id = BOX_OFFICE.id().value();
    byte[][] parts = {
        TicketFrame.signedPart(id, 2, 0, 0, 1, EVENT.value(), "T-1", "", ""),        // unknown flag
        TicketFrame.signedPart(id, 0, 0, 0, 0, EVENT.value(), "T-1", "", ""),        // no entries
        TicketFrame.signedPart(id, 0, 200, 100, 1, EVENT.value(), "T-1", "", ""),    // reversed window
        TicketFrame.signedPart(id, 0, 0, 0, 1, EVENT.value(), "T 1", "", ""),        // id outside its set
        TicketFrame.signedPart(id, 0, 0, 0, 1, EVENT.value(), "T-1", "Z".repeat(33), "")}; // zone too long
    for (byte[] signed : parts) {
      byte[] sig = BOX_OFFICE.sign(signed);
      byte[] frame = Arrays.copyOf(signed, signed.length + sig.length);
      System.arraycopy(sig, 0, frame, signed.length, sig.length);
      assertThat(gate.check(TicketText.plain(frame)).kind()).isEqualTo(VerdictKind.MALFORMED);
    }
    byte[] v2 = frameOf(valid);
    v2[0] = 2;
    assertThat(gate.check(TicketText.plain(v2)).kind()).isEqualTo(VerdictKind.MALFORMED);
  }

  @Test
  void authenticButUnfitTickets_getTheirOwnVerdicts_withTheTicket() {
    TicketIssuer issuer = Fixture.issuer();
    TicketVerifier floor = Fixture.gate(time, Fixture.NORTH).zones(Set.of(Zone.of("FLOOR")))
        .revocations(RevocationList.builder(EVENT).version(3).revoke(TicketId.of("T-refunded"))
            .block(TicketId.of("T-disputed")).build()).build();
    String expired = issuer.issue(Fixture.ticket("T-early").validUntil(time.now().minus(Duration.ofHours(1))).build());
    String notYet = issuer.issue(Fixture.ticket("T-tomorrow").validFrom(time.now().plus(Duration.ofDays(1)))
        .validUntil(time.now().plus(Duration.ofDays(2))).build());
    String revoked = issuer.issue(Fixture.ticket("T-refunded").build());
    String blocked = issuer.issue(Fixture.ticket("T-disputed").build());
    String otherEvent = issuer.issue(Fixture.ticket("T-1").event(EventId.of("other-night")).build());
    String balcony = issuer.issue(Fixture.ticket("T-2").zone(Zone.of("BALCONY")).build());
    String anyZone = issuer.issue(Fixture.ticket("T-3").zone(null).build());

    assertThat(floor.verify(expired).kind()).isEqualTo(VerdictKind.EXPIRED);
    assertThat(floor.verify(notYet).kind()).isEqualTo(VerdictKind.NOT_YET_VALID);
    assertThat(floor.verify(revoked).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(floor.verify(blocked).kind()).isEqualTo(VerdictKind.BLOCKED);
    assertThat(floor.verify(otherEvent).kind()).isEqualTo(VerdictKind.WRONG_EVENT);
    assertThat(floor.verify(balcony).kind()).isEqualTo(VerdictKind.WRONG_ZONE);
    assertThat(floor.verify(anyZone).kind()).isEqualTo(VerdictKind.VALID);
    Verdict r = floor.verify(revoked);
    assertThat(r.ticket().map(Ticket::id)).contains(TicketId.of("T-refunded"));
    assertThat(r.offline()).isTrue();
    assertThat(r.detail()).contains("version 3");
  }

  @Test
  void nullIsCallerMisuse_notAScan() {
    assertThatThrownBy(() -> gate.verify(null)).isInstanceOf(NullPointerException.class);
  }
}
