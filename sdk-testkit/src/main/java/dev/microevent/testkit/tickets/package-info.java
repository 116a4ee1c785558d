/**
 * Ticket fixtures for gate apps' tests: {@link dev.microevent.testkit.tickets.FakeTicketIssuer}, a
 * box office that writes {@code ME1} tickets to the documented frame with its own Ed25519 key
 * (the JDK's provider, independent of the SDK's code), and {@link
 * dev.microevent.testkit.tickets.TicketFixtures}, a ready set of good and bad scans. The signed
 * key and revocation lists a fake plane serves are {@link dev.microevent.testkit.TicketDocuments}.
 */
@NullMarked
package dev.microevent.testkit.tickets;

import org.jspecify.annotations.NullMarked;
