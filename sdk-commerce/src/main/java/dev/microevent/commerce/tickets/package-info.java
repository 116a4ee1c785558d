/**
 * Signed tickets verified at the gate with no network: a compact Ed25519-signed frame in a
 * QR-friendly text form ({@link dev.microevent.commerce.tickets.TicketIssuer} writes it, {@link
 * dev.microevent.commerce.tickets.TicketVerifier} reads it), pretix {@code pretix_sig1} secrets,
 * key rotation ({@link dev.microevent.commerce.tickets.KeyRing}), versioned revocation and block
 * lists ({@link dev.microevent.commerce.tickets.RevocationList}), rotating TOTP codes against
 * screenshots ({@link dev.microevent.commerce.tickets.RotatingCode}) and typed verdicts ({@link
 * dev.microevent.commerce.tickets.Verdict}), never an exception for a bad scan.
 */
@NullMarked
package dev.microevent.commerce.tickets;

import org.jspecify.annotations.NullMarked;
