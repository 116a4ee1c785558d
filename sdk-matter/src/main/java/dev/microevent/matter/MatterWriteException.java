package dev.microevent.matter;

import java.util.Objects;

/**
 * The node refused an attribute write: the server relayed a non-zero Matter interaction status
 * (e.g. {@code 0x87} CONSTRAINT_ERROR, {@code 0x88} UNSUPPORTED_WRITE, {@code 0x7E}
 * UNSUPPORTED_ACCESS).
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterWriteException extends MatterException {
  private static final long serialVersionUID = 1L;
  /** The attribute written. */
  private final AttributePath path;
  /** The Matter interaction status the node answered. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param path the attribute written
   * @param status the Matter interaction status
   */
  public MatterWriteException(AttributePath path, int status) {
    super("the node refused the write of " + path + ": Matter status 0x" + Integer.toHexString(status), null);
    this.path = Objects.requireNonNull(path, "path");
    this.status = status;
  }

  /** {@return the attribute written} */
  public AttributePath path() {
    return path;
  }

  /** {@return the Matter interaction status the node answered} */
  public int status() {
    return status;
  }
}
