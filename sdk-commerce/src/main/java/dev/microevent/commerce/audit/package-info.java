/**
 * The tamper-evident audit log of gate scans and checkout outcomes: an RFC 9162 Merkle tree of
 * salted commitments ({@link dev.microevent.commerce.audit.AuditLog}), Ed25519-signed tree heads,
 * inclusion and consistency proofs as JSON documents, and the auditor's side ({@link
 * dev.microevent.commerce.audit.AuditVerifier}, and the {@link
 * dev.microevent.commerce.audit.AuditCommand} command line) that checks them with a pinned key.
 */
@NullMarked
package dev.microevent.commerce.audit;

import org.jspecify.annotations.NullMarked;
