package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanLedger;
import dev.microevent.commerce.tickets.TicketId;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one-gate ledger: entries per ticket ({@link EntryState}) and claimed codes in concurrent maps. Expired code
 * claims are swept every {@link #SWEEP_EVERY} claims, so memory stays bounded by the live codes.
 * Thread-safe; each claim is atomic.
 */
public final class InMemoryScanLedger implements ScanLedger {
  static final int SWEEP_EVERY = 1024;

  private record CodeKey(TicketId ticket, long timeStep) {}

  private record CodeClaim(Scan scan, Instant forgetAfter) {}

  private final ConcurrentHashMap<TicketId, EntryState> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CodeKey, CodeClaim> codes = new ConcurrentHashMap<>();
  private final AtomicInteger claimsSinceSweep = new AtomicInteger();

  @Override
  public Claim claimEntry(TicketId ticket, EntryRules rules, Scan scan) {
    EntryState.Outcome[] outcome = {EntryState.Outcome.REFUSED};
    EntryState after = entries.compute(ticket, (k, e) -> {
      EntryState now = e == null ? EntryState.NEW : e;
      outcome[0] = now.decide(rules);
      return outcome[0] == EntryState.Outcome.REFUSED ? e : now.enter(outcome[0], scan);
    });
    if (outcome[0] != EntryState.Outcome.REFUSED) {
      return Claim.grant(true);
    }
    Scan first = after == null ? null : after.first();
    return Claim.refuse(first == null ? scan : first, true);
  }

  @Override
  public Claim claimExit(TicketId ticket, Scan scan) {
    entries.compute(ticket, (k, e) -> (e == null ? EntryState.NEW : e).exit(scan));
    return Claim.grant(true);
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
