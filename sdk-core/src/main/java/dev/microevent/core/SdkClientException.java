package dev.microevent.core;

import org.jspecify.annotations.Nullable;

/** The client got no usable answer: it shed the call, found no route, timed out or failed. */
public class SdkClientException extends SdkException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what happened and what to do next
   * @param cause the underlying failure, if any
   */
  public SdkClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
