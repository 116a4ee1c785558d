package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.tickets.internal.MalformedDocumentException;
import dev.microevent.commerce.tickets.internal.KeyListDocument;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every parser of scanned or downloaded ticket data, fuzzed through the public call a gate app
 * makes. The verifier has no typed errors at all: any exception for any text is a failure.
 */
class TicketFuzzTest {
  private final VirtualTime time = Fixture.time();
  private final TicketIssuer issuer = Fixture.issuer();

  @Test
  void ticketText_alwaysGetsAVerdict() {
    TicketVerifier gate = Fixture.gate(time, Fixture.NORTH).build();
    Ticket app = Fixture.ticket("T-app").rotating(true).build();
    String plain = issuer.issue(Fixture.ticket("T-000417").build());
    String rotating = RotatingCode.builder().step(Duration.ofSeconds(15)).build()
        .show(issuer.issue(app), issuer.holderSecret(app), time.now());

    Fuzz.Report report = Fuzz.parser("ticket text", in -> {
      if (gate.verify(Fuzz.latin1(in)).kind() == null) {
        throw new AssertionError("no verdict");
      }
    }).seeds(plain, rotating, issuer.issue(Fixture.ticket("T-2").zone(null).tier(null).build()))
        .dictionary("ME1:", "ME1+", "ME1+12345678:", "%", " ", ":", "00", "ZZZ")
        .run();

    assertThat(report.accepted()).isEqualTo(report.inputs());
    System.out.println(report);
  }

  @Test
  void pretixSecret_alwaysGetsAVerdict() {
    TicketSigningKey pretixKey = TicketSigningKey.fromSeed(Fixture.seed(7));
    TicketVerifier gate = TicketVerifier.builder().event(EVENT).gate(Fixture.NORTH).clock(time.clock())
        .keys(KeyRing.builder().key(TicketKey.pretixSig1(pretixKey.publicKey().publicKey())).build()).build();
    String a = PretixSig1Test.secret(pretixKey, PretixSig1Test.ticketMessage("abcdefghj", 42, 3, 7,
        Fixture.DOORS.getEpochSecond(), Fixture.CLOSE.getEpochSecond(), new byte[0]));
    String b = PretixSig1Test.secret(pretixKey, PretixSig1Test.ticketMessage("k2j3h4g5f", 1, 0, 0, 0, 0,
        new byte[] {0x3a, 0x02, 0x08, 0x01}));

    Fuzz.Report report = Fuzz.parser("pretix_sig1 secret", in -> {
      if (gate.verify(Fuzz.latin1(in)).kind() == null) {
        throw new AssertionError("no verdict");
      }
    }).seeds(a, b).dictionary("=", "==", "A", "/", "+", "AQ", "QA").run();

    assertThat(report.accepted()).isEqualTo(report.inputs());
    System.out.println(report);
  }

  @Test
  void revocationDocument_isAppliedOrRefusedWithATypedError() {
    RevocationList start = RevocationList.builder(EVENT).version(5).revoke(TicketId.of("T-a")).build();
    String full = RevocationList.builder(EVENT).version(6).revoke(TicketId.of("T-b")).block(TicketId.of("T-c"))
        .issuedAt(Fixture.EVENING).build().toDocument();
    String delta = RevocationDelta.builder(EVENT, 5, 6).revoke(TicketId.of("T-d")).unblock(TicketId.of("T-c"))
        .issuedAt(Fixture.EVENING).build().toDocument();

    Fuzz.Report report = Fuzz.parser("revocation document", in -> start.update(Fuzz.utf8(in)))
        .seeds(full, delta)
        .dictionary("\"baseVersion\":", "\"revoked\":", "\"revoke\":", "\"unblock\":", "\"issuedAt\":", "[\"T-1\"]")
        .typed(RevocationListException.class)
        .run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }

  @Test
  void edgePlaneKeyList_isReadOrRefusedWithATypedError() {
    byte[] key = TicketSigningKey.generate().publicKey().publicKey();
    String list = new String(KeyListDocument.write("ev-1", 3, Fixture.EVENING, 3600,
        List.of(new KeyListDocument.Entry(false, key, Fixture.EVENING, null),
            new KeyListDocument.Entry(true, key.clone(), null, Fixture.EVENING))), StandardCharsets.UTF_8);

    Fuzz.Report report = Fuzz.parser("ticket key list", in -> KeyListDocument.parse(in))
        .seeds(list.replaceFirst("\"format\":\"pretix_sig1\"", "\"format\":\"microevent-v1\""), list)
        .dictionary("\"kid\":", "\"publicKey\":", "\"retiredAt\":", "\"graceSeconds\":", "null")
        .typed(MalformedDocumentException.class)
        .run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }

  @Test
  void pretixPublishedKey_isReadOrRefusedWithATypedError() {
    String pem = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
        -----END PUBLIC KEY-----
        """;
    String published = java.util.Base64.getEncoder().encodeToString(pem.getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));

    Fuzz.Report report = Fuzz.parser("pretix published key", in -> TicketKey.pretixSig1(Fuzz.latin1(in)))
        .seeds(published, pem)
        .typed(TicketException.class)
        .run();

    assertThat(report.accepted()).isPositive();
    System.out.println(report);
  }
}
