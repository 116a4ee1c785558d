package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.internal.TicketFrame;
import dev.microevent.commerce.tickets.internal.Tokens;
import java.util.Objects;

/** Validation shared by the typed ids; package-private. */
final class TicketIds {
  static final int MAX = Tokens.MAX;
  static final int MAX_LABEL = TicketFrame.MAX_LABEL;

  private TicketIds() {}

  static String check(String value, String what, int min, int max) {
    Objects.requireNonNull(value, what);
    if (!Tokens.isToken(value, min, max)) {
      throw new TicketException(what + " must be " + min + ".." + max + " characters of [A-Za-z0-9._-], got '"
          + Tokens.shown(value) + "'", null);
    }
    return value;
  }
}
