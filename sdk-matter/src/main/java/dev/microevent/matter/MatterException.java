package dev.microevent.matter;

import dev.microevent.core.SdkClientException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MatterClient} command failed on the client's side: the connection, a deadline, the
 * client's own limits, the protocol or a write. The kinds:
 *
 * <ul>
 *   <li>{@link MatterConnectionException}: the connection dropped while the command was in flight,
 *       or the client is closed; {@link MatterConnectionException#mayHaveRun()} says whether the
 *       server may have carried it out;
 *   <li>{@link MatterTimeoutException}: no answer before the command's deadline;
 *   <li>{@link MatterOverloadedException}: too many commands waiting already;
 *   <li>{@link MatterIncompatibleServerException}: the server's schema does not fit this SDK;
 *   <li>{@link MatterProtocolException}: the answer was not what the protocol says;
 *   <li>{@link MatterWriteException}: the node refused an attribute write.
 * </ul>
 *
 * <p>All are {@link SdkClientException}s. What the controller answered with an {@code error_code}
 * is not one of these but a {@link MatterServerException} (and its leaves), an {@link
 * dev.microevent.core.SdkServiceException} naming the controller and the code. Both are {@link
 * dev.microevent.core.SdkException}s: commands complete their future exceptionally with a {@code
 * MatterException} or a {@code MatterServerException}; no Jackson or OkHttp exception ever escapes.
 */
public abstract sealed class MatterException extends SdkClientException
    permits MatterConnectionException, MatterTimeoutException, MatterOverloadedException,
        MatterIncompatibleServerException, MatterProtocolException, MatterWriteException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next; never a pairing code
   * @param cause the underlying failure, if any
   */
  MatterException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
