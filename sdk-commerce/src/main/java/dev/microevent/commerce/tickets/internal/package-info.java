/**
 * The ticket machinery: the frame codec, Base45, the pretix secret reader and its protobuf
 * reader, TOTP, the revocation document codec and the in-memory scan ledger (Ed25519 is the
 * module's shared {@code dev.microevent.commerce.internal.EdKey}). Not public API; may change
 * without notice.
 */
@NullMarked
package dev.microevent.commerce.tickets.internal;

import org.jspecify.annotations.NullMarked;
