package dev.microevent.commerce.tickets.internal;

import dev.microevent.commerce.tickets.Scan;
import org.jspecify.annotations.Nullable;

/**
 * What the shared store answered to one claim or one re-sent scan.
 *
 * @param outcome what it did
 * @param duplicate whether it had this nonce already (the outcome is then the one it recorded)
 * @param used the ticket's entries used there now
 * @param inside whether the ticket is inside there now
 * @param kept the ticket's first entry there, or the scan holding the code (for a granted code:
 *     this scan); null if it has none
 */
record SharedAnswer(Outcome outcome, boolean duplicate, int used, boolean inside, @Nullable Scan kept) {

  /** What the store did, one letter in the script's reply. */
  enum Outcome {
    /** Granted: an entry used, or a code claimed. */
    GRANTED('G'),
    /** Granted: back in after an exit, no entry used. */
    REENTRY('R'),
    /** An exit, recorded. */
    EXIT('X'),
    /** A re-sent admit beyond the limit (or a code held by another scan): recorded as a conflict. */
    CONFLICT('C'),
    /** Refused (only for live claims, which are not recorded then). */
    REFUSED('U');

    final char letter;

    Outcome(char letter) {
      this.letter = letter;
    }

    static @Nullable Outcome of(String s) {
      for (Outcome o : values()) {
        if (s.length() == 1 && s.charAt(0) == o.letter) {
          return o;
        }
      }
      return null;
    }
  }

  boolean granted() {
    return outcome != Outcome.REFUSED;
  }
}
