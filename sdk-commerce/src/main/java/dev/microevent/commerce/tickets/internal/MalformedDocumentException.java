package dev.microevent.commerce.tickets.internal;

import org.jspecify.annotations.Nullable;

/** A ticket document (revocation list or delta, key list) that breaks its format; the message says how. */
public final class MalformedDocumentException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedDocumentException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
