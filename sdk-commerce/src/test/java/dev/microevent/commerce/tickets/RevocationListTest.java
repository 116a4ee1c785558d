package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.EVENT;
import static dev.microevent.commerce.tickets.Fixture.NORTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.tickets.RevocationListException.Reason;
import dev.microevent.core.time.VirtualTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Versions and deltas, applied all or nothing; cancelling revokes, and re-signing cannot undo it. */
class RevocationListTest {
  private static final TicketId A = TicketId.of("T-a");
  private static final TicketId B = TicketId.of("T-b");
  private static final TicketId C = TicketId.of("T-c");

  private final VirtualTime time = Fixture.time();

  private static RevocationList v5() {
    return RevocationList.builder(EVENT).version(5).issuedAt(Instant.parse("2026-06-13T18:00:00Z")).revoke(A)
        .block(B).build();
  }

  @Test
  void aDeltaFromTheCurrentVersion_applies() {
    RevocationDelta d = RevocationDelta.builder(EVENT, 5, 6).revoke(C).unblock(B).build();

    RevocationList v6 = v5().apply(d);

    assertThat(v6.version()).isEqualTo(6);
    assertThat(v6.isRevoked(A)).isTrue();
    assertThat(v6.isRevoked(C)).isTrue();
    assertThat(v6.isBlocked(B)).isFalse();
    assertThat(v6.issuedAt()).isEqualTo(v5().issuedAt());
  }

  @Test
  void deltasOutOfOrder_orWithAGap_orForAnotherEvent_areRefused_andTheListIsKept() {
    RevocationList list = v5();
    RevocationDelta stale = RevocationDelta.builder(EVENT, 4, 5).revoke(C).build();
    RevocationDelta gap = RevocationDelta.builder(EVENT, 6, 7).revoke(C).build();
    RevocationDelta other = RevocationDelta.builder(EventId.of("other"), 5, 6).revoke(C).build();

    assertThatThrownBy(() -> list.apply(stale)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
    assertThatThrownBy(() -> list.apply(gap)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.GAP));
    assertThatThrownBy(() -> list.apply(other)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_EVENT));
    assertThat(list).isEqualTo(v5());
  }

  @Test
  void verifierUpdate_appliesDeltasInOrder_andRefusesAGapAtomically() {
    TicketVerifier gate = Fixture.gate(time, NORTH).revocations(v5()).build();
    String d6 = RevocationDelta.builder(EVENT, 5, 6).revoke(C).build().toDocument();
    String d8 = RevocationDelta.builder(EVENT, 7, 8).revoke(B).build().toDocument();

    assertThat(gate.update(d6).version()).isEqualTo(6);
    assertThatThrownBy(() -> gate.update(d8)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.GAP));
    assertThatThrownBy(() -> gate.update(d6)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.STALE));

    assertThat(gate.revocations().version()).isEqualTo(6);
    assertThat(gate.revocations().isRevoked(C)).isTrue();
    assertThat(gate.revocations().isRevoked(B)).isFalse();
  }

  @Test
  void aFullList_replacesOnlyWhenNewer() {
    RevocationList list = v5();
    String newer = RevocationList.builder(EVENT).version(9).revoke(C).build().toDocument();
    String same = RevocationList.builder(EVENT).version(5).build().toDocument();

    RevocationList v9 = list.update(newer);

    assertThat(v9.version()).isEqualTo(9);
    assertThat(v9.revoked()).containsExactly(C);
    assertThatThrownBy(() -> list.update(same)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
  }

  @Test
  void documents_roundTrip() {
    RevocationList list = v5();
    RevocationDelta delta = RevocationDelta.builder(EVENT, 5, 6).issuedAt(Instant.parse("2026-06-13T18:05:00Z"))
        .revoke(C).block(A).unblock(B).build();

    assertThat(RevocationList.parse(list.toDocument())).isEqualTo(list);
    RevocationDelta back = RevocationDelta.parse(delta.toDocument());
    assertThat(back.revoke()).containsExactly(C);
    assertThat(back.block()).containsExactly(A);
    assertThat(back.unblock()).containsExactly(B);
    assertThat(back.issuedAt()).isEqualTo(delta.issuedAt());
    assertThat(list.apply(back)).isEqualTo(list.apply(delta));
  }

  @Test
  void unblocking_neverUnrevokes() {
    RevocationList list = RevocationList.builder(EVENT).version(1).revoke(A).block(A).build();

    RevocationList next = list.apply(RevocationDelta.builder(EVENT, 1, 2).unblock(A).build());

    assertThat(next.isRevoked(A)).isTrue();
    assertThat(next.isBlocked(A)).isFalse();
  }

  @Test
  void cancellingRevokes_andATicketReSignedUnderTheSameId_isStillRevoked() {
    TicketIssuer issuer = Fixture.issuer();
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String sold = issuer.issue(Fixture.ticket("T-cancel").build());

    gate.update(RevocationDelta.builder(EVENT, 0, 1).revoke(TicketId.of("T-cancel")).build().toDocument());
    String reSigned = issuer.issue(Fixture.ticket("T-cancel").tier("VIP").build());

    assertThat(reSigned).isNotEqualTo(sold);
    assertThat(gate.verify(sold).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(gate.verify(reSigned).kind()).isEqualTo(VerdictKind.REVOKED);
  }

  @Test
  void blockingIsLifted_byALaterDelta() {
    TicketVerifier gate = Fixture.gate(time, NORTH).build();
    String text = Fixture.issuer().issue(Fixture.ticket("T-dispute").build());

    gate.update(RevocationDelta.builder(EVENT, 0, 1).block(TicketId.of("T-dispute")).build().toDocument());
    assertThat(gate.verify(text).kind()).isEqualTo(VerdictKind.BLOCKED);
    gate.update(RevocationDelta.builder(EVENT, 1, 2).unblock(TicketId.of("T-dispute")).build().toDocument());
    assertThat(gate.verify(text).kind()).isEqualTo(VerdictKind.VALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "null", "[]", "{}", "{\"format\":\"microevent-revocations/2\",\"event\":\"e\",\"version\":1}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e e\",\"version\":1}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":-1}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1.5}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":99999999999999999999}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1,\"revoked\":[1]}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1,\"revoked\":\"T-1\"}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1,\"revoke\":[\"T-1\"]}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"baseVersion\":2,\"version\":2}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"baseVersion\":1,\"version\":2,\"block\":[\"x\"],"
          + "\"unblock\":[\"x\"]}",
      "{\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1,\"issuedAt\":\"yesterday\"}",
      "{\"format\":\"microevent-revocations/1\",\"format\":\"microevent-revocations/1\",\"event\":\"e\",\"version\":1}"})
  void malformedDocuments_areRefusedAsMalformed(String doc) {
    RevocationList list = RevocationList.empty(EventId.of("e"));

    assertThatThrownBy(() -> list.update(doc)).isInstanceOfSatisfying(RevocationListException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void builders_refuseMisuse() {
    assertThatThrownBy(() -> RevocationDelta.builder(EVENT, 3, 3)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RevocationDelta.builder(EVENT, -1, 3)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RevocationDelta.builder(EVENT, 1, 2).block(A).unblock(A))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RevocationList.builder(EVENT).version(-1)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RevocationList.parse(RevocationDelta.builder(EVENT, 1, 2).build().toDocument()))
        .isInstanceOf(RevocationListException.class);
    assertThatThrownBy(() -> RevocationDelta.parse(v5().toDocument())).isInstanceOf(RevocationListException.class);
  }
}
