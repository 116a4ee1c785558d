package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.Scan;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One ticket's entries as a ledger holds them, and the rule that moves them (pretix's offline
 * rule): an entry is granted while entries are left; with re-entry allowed, a ticket whose last
 * scan was an exit comes back in without using one; an exit is always recorded and takes the
 * holder out unless it is older than the last entry (a late-synced exit). The in-memory and SQLite
 * ledgers apply it here; {@link RedisScanLedger#SCRIPT} is the same rule in Lua.
 *
 * @param used entries used
 * @param inside whether the last scan that counts was an entry
 * @param first the first entry, once there was one
 * @param lastEntry when the last entry was, once there was one
 */
record EntryState(int used, boolean inside, @Nullable Scan first, @Nullable Instant lastEntry) {
  static final EntryState NEW = new EntryState(0, false, null, null);

  /** What an entry claim does. */
  enum Outcome {
    /** Granted, one entry used. */
    ENTRY,
    /** Granted without using an entry: back in after an exit. */
    REENTRY,
    /** Refused: no entries left. */
    REFUSED
  }

  Outcome decide(EntryRules rules) {
    if (rules.reentryAfterExit() && used > 0 && !inside) {
      return Outcome.REENTRY;
    }
    return used < rules.entries() ? Outcome.ENTRY : Outcome.REFUSED;
  }

  /** The state after a granted entry (either outcome) or, with {@code forced}, one recorded beyond the limit. */
  EntryState enter(Outcome outcome, Scan scan) {
    int u = outcome == Outcome.REENTRY ? used : used + 1;
    Instant last = lastEntry == null || scan.at().isAfter(lastEntry) ? scan.at() : lastEntry;
    return new EntryState(u, true, first == null ? scan : first, last);
  }

  EntryState exit(Scan scan) {
    boolean stale = lastEntry != null && scan.at().isBefore(lastEntry);
    return stale ? this : new EntryState(used, false, first, lastEntry);
  }
}
