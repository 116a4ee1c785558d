package dev.microevent.commerce.tickets;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted scan as a ledger remembers it: which gate, when. Immutable and thread-safe.
 *
 * @param gate the gate that scanned
 * @param at when, by that gate's clock
 */
public record Scan(GateId gate, Instant at) {

  /**
   * Validates the parts.
   *
   * @param gate the gate that scanned
   * @param at when, by that gate's clock
   */
  public Scan {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(at, "at");
  }
}
