package dev.microevent.core.config;

/** How one config sync ended. */
public enum SyncResult {
  /** A new document was validated and applied. */
  APPLIED,
  /** The plane answered 304: the current document is up to date. */
  NOT_MODIFIED,
  /** The plane served a document that failed validation; the current one keeps running. */
  REJECTED,
  /** No plane could be reached; the current document keeps running. */
  UNREACHABLE,
  /** The plane has no document for this client (404); the current one keeps running. */
  NO_DOCUMENT
}
