package dev.microevent.commerce.tickets;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A revocation document or delta was refused; the list it was applied to is unchanged (updates
 * are all or nothing). {@link #reason()} says what to do next: fetch a full list after {@link
 * Reason#GAP}, ignore a {@link Reason#STALE} one, report a {@link Reason#MALFORMED} one.
 */
public final class RevocationListException extends TicketException {
  private static final long serialVersionUID = 1L;

  /** Why an update was refused. */
  public enum Reason {
    /** Not a revocation document of our format, or one that breaks its rules. */
    MALFORMED,
    /** For another event than the list it was applied to. */
    WRONG_EVENT,
    /** Not newer than the list: out of order, replayed, or a delta from an older base. */
    STALE,
    /** A delta from a base newer than the list: versions were missed; fetch the full list. */
    GAP
  }

  /** Why the update was refused; never null. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message what was refused and what to do
   * @param cause the underlying failure, if any
   */
  public RevocationListException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the update was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
