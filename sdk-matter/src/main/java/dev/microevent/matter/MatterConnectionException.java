package dev.microevent.matter;

import org.jspecify.annotations.Nullable;

/**
 * A command could not complete because of the connection: it dropped while the command was in
 * flight, or the client was closed. The client reconnects by itself (with a full resync); whether
 * the command ran is unknown when {@link #mayHaveRun()} is {@code true}, so check the node's state
 * (e.g. {@link MatterClient#nodes()}) before sending it again.
 *
 * <p>Commands that are safe to repeat (reads, {@code get_nodes}, writes, idempotent cluster
 * commands) never fail with this on a drop: they are sent again after the resync, within their
 * deadline. Immutable and thread-safe.
 */
public final class MatterConnectionException extends MatterException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The connection dropped while the command was in flight. */
    CONNECTION_LOST,
    /** The client was closed before the command completed. */
    CLIENT_CLOSED
  }

  /** Why the command failed. */
  private final Reason reason;
  /** Whether the server may have received and carried out the command before the drop. */
  private final boolean mayHaveRun;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next
   * @param reason why
   * @param mayHaveRun whether the server may have received and run the command
   * @param cause the underlying failure, if any
   */
  public MatterConnectionException(String message, Reason reason, boolean mayHaveRun, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.mayHaveRun = mayHaveRun;
  }

  /**
   * Why the command failed.
   *
   * @return why the command failed: the kind of connection failure
   */
  public Reason reason() {
    return reason;
  }

  /** {@return whether the server may have received and carried out the command before the drop} */
  public boolean mayHaveRun() {
    return mayHaveRun;
  }

  @Override
  public boolean isRetryable() {
    return reason == Reason.CONNECTION_LOST;
  }
}
