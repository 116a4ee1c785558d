package dev.microevent.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signed steering document (a config document, a ticket key list, a revocation list) was refused:
 * its {@code Microevent-Signature} is missing or malformed, names another kind or a key the client
 * does not trust, does not verify over the exact body, or the document replays an older one. The
 * last good document stays in force. {@link #reason()} says which; the message never holds key
 * material.
 */
public class SteeringRejectedException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /** Why a document was refused. */
  public enum Reason {
    /** No {@code Microevent-Signature} header. */
    UNSIGNED,
    /** The header is not exactly {@code v=1, kind="...", kid="...", seq=n, sig=:...:}. */
    MALFORMED,
    /** Signed as another kind of document. */
    WRONG_KIND,
    /** Signed by a key the client does not trust (not pinned, not reached by a signed hand-over). */
    UNKNOWN_KEY,
    /** The signature does not verify over the exact body: altered or forged. */
    BAD_SIGNATURE,
    /** A sequence below the one held, or the held sequence with other bytes. */
    REPLAYED
  }

  /** Why the steering document was refused. */
  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason why the document was refused
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public SteeringRejectedException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the document was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
