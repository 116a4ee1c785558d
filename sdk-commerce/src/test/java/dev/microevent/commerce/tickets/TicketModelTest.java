package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types and builders: typed errors for misuse, key material never printed. */
class TicketModelTest {

  @Test
  void ids_refuseValuesOutsideTheirCharacterSet() {
    for (String bad : new String[] {"", " ", "a b", "é", "x".repeat(65), "a/b"}) {
      assertThatThrownBy(() -> TicketId.of(bad)).as(bad).isInstanceOf(TicketException.class);
      assertThatThrownBy(() -> EventId.of(bad)).as(bad).isInstanceOf(TicketException.class);
      assertThatThrownBy(() -> GateId.of(bad)).as(bad).isInstanceOf(TicketException.class);
    }
    assertThatThrownBy(() -> Zone.of("z".repeat(33))).isInstanceOf(TicketException.class);
    assertThat(TicketId.of("T-000417.b_1").toString()).isEqualTo("T-000417.b_1");
  }

  @Test
  void keyId_isSixteenHexDigits() {
    KeyId id = Fixture.BOX_OFFICE.id();

    assertThat(KeyId.of(id.toString())).isEqualTo(id);
    assertThat(KeyId.of(id.toString().toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
    for (String bad : new String[] {"", "0123", "0123456789abcdeg", "\uff10123456789abcdef", "+123456789abcdef"}) {
      assertThatThrownBy(() -> KeyId.of(bad)).as(bad).isInstanceOf(TicketException.class);
    }
  }

  @Test
  void ticketBuilder_refusesMisuse() {
    assertThatThrownBy(() -> Ticket.builder().id(TicketId.of("T")).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").entries(0).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").entries(65_536).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").validUntil(Fixture.DOORS).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").validFrom(Instant.EPOCH).build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").validUntil(Ticket.LATEST.plusSeconds(1)).build())
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> Fixture.ticket("T").tier("V I P")).isInstanceOf(TicketException.class);
    Ticket t = Fixture.ticket("T").validFrom(Fixture.DOORS.plusMillis(999)).build();
    assertThat(t.validFrom()).contains(Fixture.DOORS);
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
  }

  @Test
  void signingKeys_roundTripThroughTheirSeed_andNeverPrintIt() {
    TicketSigningKey k = TicketSigningKey.generate();

    assertThat(TicketSigningKey.fromSeed(k.seed()).publicKey()).isEqualTo(k.publicKey());
    assertThat(k.toString()).contains(k.id().toString()).doesNotContain(java.util.HexFormat.of().formatHex(k.seed()));
    assertThatThrownBy(() -> TicketSigningKey.fromSeed(new byte[31])).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketKey.ed25519(new byte[32])).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketIssuer.builder().build()).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> TicketIssuer.builder().signingKey(k).build().holderSecret(Fixture.ticket("T").build()))
        .isInstanceOf(TicketException.class);
  }

  @Test
  void keyRing_refusesDuplicateIds_andRetiresByCopy() {
    TicketKey key = Fixture.BOX_OFFICE.publicKey();
    KeyRing ring = KeyRing.builder().key(key).build();

    assertThatThrownBy(() -> KeyRing.builder().key(key).key(key)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> KeyRing.builder().keys(List.of(key, key))).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> ring.retire(Fixture.OTHER_OFFICE.id(), Fixture.DOORS)).isInstanceOf(TicketException.class);
    KeyRing retired = ring.retire(key.id(), Fixture.DOORS);
    assertThat(ring.find(key.id()).flatMap(TicketKey::retiredAt)).isEmpty();
    assertThat(retired.find(key.id()).flatMap(TicketKey::retiredAt)).contains(Fixture.DOORS);
    assertThat(retired.accepts(key.id(), Fixture.DOORS.plus(KeyRing.DEFAULT_GRACE).minusSeconds(1))).isTrue();
    assertThat(retired.accepts(key.id(), Fixture.DOORS.plus(KeyRing.DEFAULT_GRACE))).isFalse();
    assertThat(retired.toBuilder().build().keys()).containsExactlyElementsOf(retired.keys());
  }
}
