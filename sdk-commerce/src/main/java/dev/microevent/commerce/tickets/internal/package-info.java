/**
 * The ticket machinery: the frame codec, Base45, the pretix secret reader and its protobuf
 * reader, TOTP, Ed25519 through Bouncy Castle, the revocation document codec and the in-memory
 * scan ledger. Not public API; may change without notice.
 */
@NullMarked
package dev.microevent.commerce.tickets.internal;

import org.jspecify.annotations.NullMarked;
