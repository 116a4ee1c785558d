package dev.microevent.commerce.tickets;

/** The formats a verifier reads, and the format of each key in a {@link KeyRing}. */
public enum TicketFormat {
  /** Ours: the version 1 frame ({@code ME1:} text), with a key id, signed with Ed25519. */
  MICROEVENT_V1,
  /**
   * pretix's signed secrets ({@code pretix_sig1}), signed with the event's Ed25519 key; they carry
   * no key id, so every valid pretix key of the ring is tried.
   */
  PRETIX_SIG1
}
