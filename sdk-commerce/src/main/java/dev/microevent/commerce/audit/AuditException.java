package dev.microevent.commerce.audit;

import dev.microevent.core.SdkClientException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An audit log call could not be served: a document that is not a well-formed audit document (a
 * tree head, a proof or an opening read from outside), a proof asked for a size the log does not
 * have, a log directory that cannot be opened or written, a closed log or a full backlog. {@link
 * #reason()} says which. Verifying never throws this: a proof that does not check out is an
 * invalid {@link AuditVerdict}.
 */
public class AuditException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Reason {
    /** Outside bytes that are not a well-formed audit document or key; fix the input. */
    MALFORMED,
    /** A leaf index or tree size the log does not have (yet), a time outside years 0000..9999, a full log. */
    OUT_OF_RANGE,
    /** A builder missing a required part, or given a value out of its range. */
    CONFIGURATION,
    /**
     * The log's files could not be opened, read or written (permissions, disk space, another
     * process holding the log, corruption of acknowledged entries); nothing was acknowledged.
     */
    STORAGE,
    /** The log was closed. */
    CLOSED,
    /** More appends are waiting to be written than the log's backlog holds; retry shortly. */
    BACKLOG_FULL
  }

  /** Why the audit log refused or failed the call. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message what was wrong and what to do instead
   * @param cause the underlying failure, if any
   */
  public AuditException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the call failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /** Only a full backlog is worth retrying as is. */
  @Override
  public boolean isRetryable() {
    return reason == Reason.BACKLOG_FULL;
  }
}
