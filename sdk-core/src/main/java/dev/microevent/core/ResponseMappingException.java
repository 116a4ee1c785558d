package dev.microevent.core;

import org.jspecify.annotations.Nullable;

/** The remote answered, but its body could not be read as the requested type (or vice versa). */
public final class ResponseMappingException extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be mapped
   * @param cause the parser's failure
   */
  public ResponseMappingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
