package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanLedger;
import dev.microevent.commerce.tickets.TicketId;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one-gate ledger: entries per ticket and claimed codes in concurrent maps. Expired code
 * claims are swept every {@link #SWEEP_EVERY} claims, so memory stays bounded by the live codes.
 * Thread-safe; each claim is atomic.
 */
public final class InMemoryScanLedger implements ScanLedger {
  static final int SWEEP_EVERY = 1024;

  private record Entries(Scan first, int used) {}

  private record CodeKey(TicketId ticket, long timeStep) {}

  private record CodeClaim(Scan scan, Instant forgetAfter) {}

  private final ConcurrentHashMap<TicketId, Entries> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CodeKey, CodeClaim> codes = new ConcurrentHashMap<>();
  private final AtomicInteger claimsSinceSweep = new AtomicInteger();

  @Override
  public Claim claimEntry(TicketId ticket, int entriesAllowed, Scan scan) {
    boolean[] granted = {false};
    Entries after = entries.compute(ticket, (k, e) -> {
      if (e == null) {
        granted[0] = entriesAllowed > 0;
        return granted[0] ? new Entries(scan, 1) : null;
      }
      if (e.used() < entriesAllowed) {
        granted[0] = true;
        return new Entries(e.first(), e.used() + 1);
      }
      return e;
    });
    if (granted[0]) {
      return Claim.grant(true);
    }
    return Claim.refuse(after == null ? scan : after.first(), true);
  }

  @Override
  public Claim claimCode(TicketId ticket, long timeStep, Instant forgetAfter, Scan scan) {
    if (claimsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      claimsSinceSweep.set(0);
      codes.values().removeIf(c -> c.forgetAfter().isBefore(scan.at()));
    }
    CodeClaim mine = new CodeClaim(scan, forgetAfter);
    CodeClaim earlier = codes.putIfAbsent(new CodeKey(ticket, timeStep), mine);
    return earlier == null ? Claim.grant(true) : Claim.refuse(earlier.scan(), true);
  }

  /**
   * Code claims held now (for tests of the sweep).
   *
   * @return the count
   */
  public int codeClaims() {
    return codes.size();
  }
}
