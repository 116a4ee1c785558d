package dev.microevent.commerce.tickets;

import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** Deterministic keys, an event and tickets shared by the ticket tests. */
final class Fixture {
  static final EventId EVENT = EventId.of("rooftop-2026-06-13");
  static final GateId NORTH = GateId.of("north-1");
  static final GateId SOUTH = GateId.of("south-1");
  static final Instant DOORS = Instant.parse("2026-06-13T17:00:00Z");
  static final Instant CLOSE = Instant.parse("2026-06-14T02:00:00Z");
  static final Instant EVENING = Instant.parse("2026-06-13T19:30:00Z");

  static final TicketSigningKey BOX_OFFICE = TicketSigningKey.fromSeed(seed(1));
  static final TicketSigningKey OTHER_OFFICE = TicketSigningKey.fromSeed(seed(2));
  static final byte[] MASTER_KEY = "rooftop master key, 32 bytes!!!!".getBytes(StandardCharsets.US_ASCII);

  private Fixture() {}

  static byte[] seed(int n) {
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (n * 31 + i * 7);
    }
    return s;
  }

  static Ticket.Builder ticket(String id) {
    return Ticket.builder().event(EVENT).id(TicketId.of(id)).zone(Zone.of("FLOOR")).tier("GA").validFrom(DOORS)
        .validUntil(CLOSE);
  }

  static TicketIssuer issuer() {
    return TicketIssuer.builder().signingKey(BOX_OFFICE).rotatingCodes(codes()).build();
  }

  static RotatingCode codes() {
    return RotatingCode.builder().masterKey(MASTER_KEY).step(java.time.Duration.ofSeconds(15)).build();
  }

  static KeyRing ring() {
    return KeyRing.builder().key(BOX_OFFICE.publicKey()).build();
  }

  static VirtualTime time() {
    return VirtualTime.startingAt(EVENING);
  }

  static TicketVerifier.Builder gate(VirtualTime time, GateId gate) {
    return TicketVerifier.builder().event(EVENT).gate(gate).keys(ring()).clock(time.clock()).rotatingCodes(codes());
  }

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }
}
