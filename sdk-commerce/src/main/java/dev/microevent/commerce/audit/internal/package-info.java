/**
 * The audit log's machinery: RFC 9162 hashing and proof algorithms, the append-only files and
 * their recovery, the group-commit writer, and the document codec. Not public API; may change
 * without notice.
 */
@NullMarked
package dev.microevent.commerce.audit.internal;

import org.jspecify.annotations.NullMarked;
