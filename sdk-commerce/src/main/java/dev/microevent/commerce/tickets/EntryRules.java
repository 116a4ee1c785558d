package dev.microevent.commerce.tickets;

/**
 * How a ticket may enter: how many entries it allows in all (from the ticket, or a pretix list),
 * and whether a holder who left through an exit scan may come back in without using another
 * entry (a gate's or check-in list's policy, as pretix's "allow re-entering after an exit scan").
 * Without exit scans the two are the same: each entry uses one of the ticket's entries. Immutable
 * and thread-safe.
 *
 * <p>The rule every ledger applies (pretix's, from libpretixsync's offline check): an entry is
 * granted while the ticket has entries left; with re-entry allowed, a ticket whose last scan was
 * an exit re-enters without using one; otherwise it is refused with the first entry. An exit is
 * always recorded.
 *
 * @param entries entries allowed in all, 1..{@value Ticket#MAX_ENTRIES}
 * @param reentryAfterExit whether a ticket may enter again after an exit scan, without using an
 *     entry
 */
public record EntryRules(int entries, boolean reentryAfterExit) {

  /**
   * Validates the count.
   *
   * @param entries entries allowed in all, 1..{@value Ticket#MAX_ENTRIES}
   * @param reentryAfterExit whether a ticket may enter again after an exit scan, without using an
   *     entry
   * @throws TicketException if {@code entries} is not 1..{@value Ticket#MAX_ENTRIES}
   */
  public EntryRules {
    if (entries < 1 || entries > Ticket.MAX_ENTRIES) {
      throw new TicketException("entries must be 1.." + Ticket.MAX_ENTRIES + ", got " + entries, null);
    }
  }

  /**
   * Entries without re-entry after exit.
   *
   * @param entries 1..{@value Ticket#MAX_ENTRIES}
   * @return the rules
   * @throws TicketException if out of range
   */
  public static EntryRules of(int entries) {
    return new EntryRules(entries, false);
  }
}
