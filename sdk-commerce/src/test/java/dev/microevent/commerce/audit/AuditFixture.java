package dev.microevent.commerce.audit;

import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.core.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A deterministic key, clock and entries shared by the audit tests. */
final class AuditFixture {
  static final String LOG = "rooftop-2026-06-13.north-1";
  static final EventId EVENT = EventId.of("rooftop-2026-06-13");
  static final GateId NORTH = GateId.of("north-1");
  static final Instant EVENING = Instant.parse("2026-06-13T19:30:00Z");
  static final AuditSigningKey KEY = AuditSigningKey.fromSeed(seed(11));
  static final AuditSigningKey OTHER_KEY = AuditSigningKey.fromSeed(seed(12));

  private AuditFixture() {}

  static byte[] seed(int n) {
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (n * 29 + i * 5);
    }
    return s;
  }

  static VirtualTime time() {
    return VirtualTime.startingAt(EVENING);
  }

  static AuditLog open(Path dir, VirtualTime time) {
    return AuditLog.builder().directory(dir).logId(LOG).signingKey(KEY).clock(time.clock()).open();
  }

  static AuditVerifier auditor() {
    return AuditVerifier.pinned(KEY.publicKey());
  }

  /** Entry n: mostly gate scans, every third a checkout outcome. */
  static AuditEntry entry(int n) {
    Instant at = EVENING.plusMillis(n * 250L);
    if (n % 3 == 2) {
      return AuditEntry.checkoutOutcome(new CheckoutId("co-" + n), n % 2 == 0 ? CheckoutOutcome.PAID
          : CheckoutOutcome.FAILED, Money.of(4500 + n, "EUR"), at);
    }
    return AuditEntry.gateScan(EVENT, TicketId.of("T-" + n), NORTH, n % 5 == 0 ? VerdictKind.ALREADY_USED
        : VerdictKind.VALID, at);
  }

  /** A copy of a log's files as they are now: what a crash at this moment leaves on disk. */
  static Path crashCopy(Path dir, Path to) throws IOException {
    Files.createDirectories(to);
    for (String name : new String[] {"leaves", "nodes", "checkpoint"}) {
      if (Files.exists(dir.resolve(name))) {
        Files.copy(dir.resolve(name), to.resolve(name));
      }
    }
    return to;
  }
}
