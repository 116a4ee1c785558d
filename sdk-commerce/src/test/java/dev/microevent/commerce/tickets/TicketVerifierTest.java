package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.EVENT;
import static dev.microevent.commerce.tickets.Fixture.NORTH;
import static dev.microevent.commerce.tickets.Fixture.SOUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.tickets.internal.InMemoryScanLedger;
import dev.microevent.core.time.VirtualTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate's decisions over time: entries, clock skew, key rotation, rotating codes, the ledger. */
class TicketVerifierTest {
  private final VirtualTime time = Fixture.time();
  private final TicketIssuer issuer = Fixture.issuer();

  @Test
  void aValidTicket_isAdmittedOnce_thenAlreadyUsedWithWhenAndWhere() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    Ticket ticket = Fixture.ticket("T-000417").build();
    String text = issuer.issue(ticket);

    Verdict first = gate.verify(text);
    Instant firstAt = time.now();
    time.advance(Duration.ofMinutes(3));
    Verdict second = gate.verify(text);

    assertThat(first.kind()).isEqualTo(VerdictKind.VALID);
    assertThat(first.admits()).isTrue();
    assertThat(first.ticket()).contains(ticket);
    assertThat(first.keyId()).contains(Fixture.BOX_OFFICE.id());
    assertThat(first.gate()).isEqualTo(NORTH);
    assertThat(first.offline()).as("an in-memory ledger decides offline").isTrue();
    assertThat(second.kind()).isEqualTo(VerdictKind.ALREADY_USED);
    assertThat(second.previous()).contains(new Scan(NORTH, firstAt));
    assertThat(second.detail()).contains("north-1");
  }

  @Test
  void aDayPass_allowsItsEntriesAndNoMore() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String text = issuer.issue(Fixture.ticket("T-daypass").entries(3).build());

    List<VerdictKind> kinds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      kinds.add(gate.verify(text).kind());
    }

    assertThat(kinds).containsExactly(VerdictKind.VALID, VerdictKind.VALID, VerdictKind.VALID,
        VerdictKind.ALREADY_USED);
  }

  @Test
  void check_recordsNothing() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String text = issuer.issue(Fixture.ticket("T-1").build());

    assertThat(gate.check(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(gate.check(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(gate.verify(text).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void scannerLineEndings_areIgnored() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();

    assertThat(gate.verify(issuer.issue(Fixture.ticket("T-1").build()) + "\r\n").kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void gateClockSkew_withinTheTolerance_admitsAtTheEdgesOfTheWindow() {
    Ticket ticket = Fixture.ticket("T-1").build();
    String text = issuer.issue(ticket);
    Duration tolerance = Duration.ofMinutes(2);

    assertThat(at(Fixture.DOORS.minus(tolerance), tolerance).check(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(at(Fixture.DOORS.minus(tolerance).minusSeconds(1), tolerance).check(text).kind())
        .isEqualTo(VerdictKind.NOT_YET_VALID);
    assertThat(at(Fixture.CLOSE.plus(tolerance).minusSeconds(1), tolerance).check(text).kind())
        .isEqualTo(VerdictKind.VALID);
    assertThat(at(Fixture.CLOSE.plus(tolerance), tolerance).check(text).kind()).isEqualTo(VerdictKind.EXPIRED);
    assertThat(at(Fixture.CLOSE, Duration.ZERO).check(text).kind()).isEqualTo(VerdictKind.EXPIRED);
  }

  private static TicketVerifier at(Instant now, Duration tolerance) {
    return TicketVerifier.builder().event(EVENT).gate(NORTH).keys(Fixture.ring()).clockTolerance(tolerance)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  @Test
  void aGateClockResetToThePast_stillRefusesExpiredTickets_onceItSawANewerServerTime() {
    String text = issuer.issue(Fixture.ticket("T-1").build());
    TicketVerifier gate = at(Instant.parse("2001-01-01T00:00:00Z"), Duration.ZERO);
    assertThat(gate.check(text).kind()).isEqualTo(VerdictKind.NOT_YET_VALID);

    gate.revocations(RevocationList.builder(EVENT).version(9).issuedAt(Fixture.CLOSE.plusSeconds(60)).build());

    Verdict v = gate.check(text);
    assertThat(v.kind()).isEqualTo(VerdictKind.EXPIRED);
    assertThat(v.at()).isEqualTo(Fixture.CLOSE.plusSeconds(60));
  }

  @Test
  void keyRotation_oldKeyAcceptedThroughItsGrace_thenUnknown_newKeyAcceptedFromItsStart() {
    TicketSigningKey next = TicketSigningKey.fromSeed(Fixture.seed(3));
    Instant rotation = time.now();
    KeyRing ring = KeyRing.builder().grace(Duration.ofHours(1))
        .key(Fixture.BOX_OFFICE.publicKey())
        .key(next.publicKey().withActiveFrom(rotation.plus(Duration.ofMinutes(10))))
        .build();
    TicketVerifier gate = Fixture.gate(time, NORTH).keys(ring).build();
    String old = issuer.issue(Fixture.ticket("T-old").entries(10).build());
    String fresh = TicketIssuer.builder().signingKey(next).build().issue(Fixture.ticket("T-new").entries(10).build());

    assertThat(gate.verify(fresh).kind()).as("before its start").isEqualTo(VerdictKind.UNKNOWN_KEY);
    time.advance(Duration.ofMinutes(10));
    gate.keys(gate.keys().retire(Fixture.BOX_OFFICE.id(), time.now()));
    assertThat(gate.verify(fresh).kind()).isEqualTo(VerdictKind.VALID);
    time.advance(Duration.ofMinutes(59));
    assertThat(gate.verify(old).kind()).as("within the grace").isEqualTo(VerdictKind.VALID);
    time.advance(Duration.ofMinutes(1));
    Verdict late = gate.verify(old);
    assertThat(late.kind()).as("grace over").isEqualTo(VerdictKind.UNKNOWN_KEY);
    assertThat(late.detail()).contains("retired");
    assertThat(gate.verify(fresh).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void rotatingTicket_currentCodeAndOneStepEitherSide_admit_twoStepsOff_isStale() {
    Ticket ticket = Fixture.ticket("T-app").rotating(true).entries(100).build();
    String text = issuer.issue(ticket);
    byte[] secret = issuer.holderSecret(ticket);
    RotatingCode phone = RotatingCode.builder().step(Duration.ofSeconds(15)).build();
    TicketVerifier gate = Fixture.gate(time, NORTH).build();

    for (int offset : new int[] {-1, 0, 1}) {
      Instant shownAt = time.now().plusSeconds(15L * offset);
      assertThat(gate.verify(phone.show(text, secret, shownAt)).kind()).as("phone %d step(s) off", offset)
          .isEqualTo(VerdictKind.VALID);
    }
    for (int offset : new int[] {-2, 2}) {
      Verdict v = gate.verify(phone.show(text, secret, time.now().plusSeconds(15L * offset)));
      assertThat(v.kind()).as("phone %d steps off", offset).isEqualTo(VerdictKind.STALE_CODE);
    }
  }

  @Test
  void rotatingTicket_screenshotWithoutItsCode_isStale_andAWrongSecretsCodeIsStale() {
    Ticket ticket = Fixture.ticket("T-app").rotating(true).build();
    String text = issuer.issue(ticket);
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    RotatingCode phone = RotatingCode.builder().step(Duration.ofSeconds(15)).build();

    assertThat(gate.verify(text).kind()).isEqualTo(VerdictKind.STALE_CODE);
    assertThat(gate.verify(phone.show(text, new byte[32], time.now())).kind()).isEqualTo(VerdictKind.STALE_CODE);
  }

  @Test
  void rotatingCode_replayedInItsWindow_isAlreadyUsed_evenForAMultiEntryTicket() {
    Ticket ticket = Fixture.ticket("T-app").rotating(true).entries(5).build();
    String text = issuer.issue(ticket);
    byte[] secret = issuer.holderSecret(ticket);
    RotatingCode phone = RotatingCode.builder().step(Duration.ofSeconds(15)).build();
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String shown = phone.show(text, secret, time.now());

    Instant firstAt = time.now();
    assertThat(gate.verify(shown).kind()).isEqualTo(VerdictKind.VALID);
    time.advance(Duration.ofSeconds(5));
    Verdict replay = gate.verify(shown);
    time.advance(Duration.ofSeconds(15));
    Verdict nextCode = gate.verify(phone.show(text, secret, time.now()));

    assertThat(replay.kind()).isEqualTo(VerdictKind.ALREADY_USED);
    assertThat(replay.previous()).contains(new Scan(NORTH, firstAt));
    assertThat(replay.detail()).contains("rotating code");
    assertThat(nextCode.kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void rotatingCode_replayedAtAnotherGateSharingTheLedger_isAlreadyUsedWithTheFirstGate() {
    ScanLedger shared = ScanLedger.inMemory();
    TicketVerifier north = Fixture.gate(time, NORTH).ledger(shared).build();
    TicketVerifier south = Fixture.gate(time, SOUTH).ledger(shared).build();
    Ticket ticket = Fixture.ticket("T-app").rotating(true).entries(5).build();
    String shown = RotatingCode.builder().step(Duration.ofSeconds(15)).build()
        .show(issuer.issue(ticket), issuer.holderSecret(ticket), time.now());

    assertThat(north.verify(shown).kind()).isEqualTo(VerdictKind.VALID);
    Verdict screenshot = south.verify(shown);

    assertThat(screenshot.kind()).isEqualTo(VerdictKind.ALREADY_USED);
    assertThat(screenshot.previous().map(Scan::gate)).contains(NORTH);
  }

  @Test
  void aCodeWithATicketThatDoesNotRotate_isMalformed_andARotatingTicketAtAGateWithoutTheMasterKey_isUnknownKey() {
    Ticket still = Fixture.ticket("T-still").build();
    Ticket app = Fixture.ticket("T-app").rotating(true).build();
    RotatingCode phone = RotatingCode.builder().step(Duration.ofSeconds(15)).build();
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    TicketVerifier noMaster = TicketVerifier.builder().event(EVENT).gate(NORTH).keys(Fixture.ring())
        .clock(time.clock()).build();

    assertThat(gate.verify(phone.show(issuer.issue(still), new byte[32], time.now())).kind())
        .isEqualTo(VerdictKind.MALFORMED);
    assertThat(noMaster.verify(phone.show(issuer.issue(app), issuer.holderSecret(app), time.now())).kind())
        .isEqualTo(VerdictKind.UNKNOWN_KEY);
  }

  @Test
  void inMemoryLedger_forgetsExpiredCodeClaims() {
    InMemoryScanLedger ledger = new InMemoryScanLedger();
    Instant t0 = time.now();
    for (int i = 0; i < 5_000; i++) {
      Instant at = t0.plusSeconds(i);
      ledger.claimCode(TicketId.of("T-" + i), i, at.plusSeconds(30), new Scan(NORTH, at));
    }

    assertThat(ledger.codeClaims()).isLessThan(1_100);
  }

  @Test
  void manyScannersAtOnce_onASingleEntryTicket_admitExactlyOne() throws Exception {
    ScanLedger shared = ScanLedger.inMemory();
    String text = issuer.issue(Fixture.ticket("T-race").build());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Verdict>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        TicketVerifier gate = Fixture.gate(time, GateId.of("gate-" + i)).ledger(shared).build();
        results.add(pool.submit(() -> {
          start.await();
          return gate.verify(text);
        }));
      }
      start.countDown();
      int valid = 0;
      for (Future<Verdict> f : results) {
        valid += f.get(30, TimeUnit.SECONDS).admits() ? 1 : 0;
      }
      assertThat(valid).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLedgerThatThrows_surfacesAsATypedError() {
    ScanLedger broken = new ScanLedger() {
      @Override
      public Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan) {
        throw new IllegalStateException("disk gone");
      }

      @Override
      public Claim claimExit(TicketId ticket, Scan scan) {
        throw new IllegalStateException("disk gone");
      }

      @Override
      public Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan) {
        throw new IllegalStateException("disk gone");
      }
    };
    TicketVerifier gate = Fixture.gate(time, NORTH).ledger(broken).build();

    assertThatThrownBy(() -> gate.verify(issuer.issue(Fixture.ticket("T-1").build())))
        .isInstanceOf(TicketException.class).hasMessageContaining("ledger");
  }

  @Test
  void anOnlineLedgerAnswer_makesTheVerdictOnline() {
    ScanLedger online = new ScanLedger() {
      @Override
      public Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan) {
        return Claim.grant(false);
      }

      @Override
      public Claim claimExit(TicketId ticket, Scan scan) {
        return Claim.grant(false);
      }

      @Override
      public Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan) {
        return Claim.grant(false);
      }
    };
    TicketVerifier gate = Fixture.gate(time, NORTH).ledger(online).build();

    assertThat(gate.verify(issuer.issue(Fixture.ticket("T-1").build())).offline()).isFalse();
  }

  @Test
  void withReentryAfterExit_anExitScanLetsTheHolderBackIn_andWithoutItTheTicketStaysUsed() {
    ScanLedger shared = ScanLedger.inMemory();
    TicketVerifier entrance = Fixture.gate(time, NORTH).ledger(shared).reentryAfterExit(true).build();
    TicketVerifier exit = Fixture.gate(time, SOUTH).ledger(shared).reentryAfterExit(true).build();
    TicketVerifier strict = Fixture.gate(time, NORTH).build();
    String text = issuer.issue(Fixture.ticket("T-smoker").build());

    assertThat(entrance.verify(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(entrance.verify(text).kind()).as("inside already").isEqualTo(VerdictKind.ALREADY_USED);
    Verdict out = exit.exit(text);
    assertThat(out.kind()).isEqualTo(VerdictKind.VALID);
    assertThat(out.detail()).isEqualTo("exit recorded");
    assertThat(entrance.verify(text).kind()).as("back in after the exit").isEqualTo(VerdictKind.VALID);

    assertThat(strict.verify(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(strict.exit(text).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(strict.verify(text).kind()).as("no re-entry at this gate").isEqualTo(VerdictKind.ALREADY_USED);
  }

  @Test
  void anExit_letsARevokedOrExpiredTicketOut_butNotAForgedOrForeignOne() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String revoked = issuer.issue(Fixture.ticket("T-revoked").build());
    gate.revocations(RevocationList.builder(EVENT).version(2).revoke(TicketId.of("T-revoked")).build());
    String text = issuer.issue(Fixture.ticket("T-late").build());
    String foreign = issuer.issue(Fixture.ticket("T-x").event(EventId.of("other-event")).build());
    char[] forged = text.toCharArray();
    forged[forged.length - 3] = forged[forged.length - 3] == 'A' ? 'B' : 'A';
    time.advance(Duration.ofHours(12));

    assertThat(gate.exit(revoked).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(gate.exit(text).kind()).as("expired by now").isEqualTo(VerdictKind.VALID);
    assertThat(gate.exit(foreign).kind()).isEqualTo(VerdictKind.WRONG_EVENT);
    assertThat(gate.exit(new String(forged)).kind()).isIn(VerdictKind.BAD_SIGNATURE, VerdictKind.MALFORMED);
    assertThat(gate.exit("garbage").kind()).isEqualTo(VerdictKind.MALFORMED);
  }

  @Test
  void builder_refusesMisuse_withTypedErrors() {
    assertThatThrownBy(() -> TicketVerifier.builder().gate(NORTH).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketVerifier.builder().event(EVENT).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketVerifier.builder().rotatingCodes(RotatingCode.builder().build()))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketVerifier.builder().clockTolerance(Duration.ofHours(2)))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.gate(time, NORTH)
        .revocations(RevocationList.empty(EventId.of("other"))).build()).isInstanceOf(TicketException.class);
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    assertThatThrownBy(() -> gate.revocations(RevocationList.empty(EventId.of("other"))))
        .isInstanceOf(TicketException.class);
  }
}
