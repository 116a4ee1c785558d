package dev.microevent.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A remote answered, and its answer was an error: whatever the protocol. Says who answered
 * ({@link #source()}: a plane id, an operator API, a device server), the error as the remote
 * named it ({@link #errorCode()}: an HTTP status as text, a protocol's error name or code), and
 * the remote's request id and {@code Retry-After} when it sent them. HTTP answers are {@link
 * HttpServiceException}s, which add the status and the body.
 *
 * <p>Constructors in this hierarchy take their arguments in one order: the message, who answered
 * (the source), what the error is (error code; HTTP status and body), then the remote's request
 * id and {@code Retry-After}, then the cause.
 */
public class SdkServiceException extends SdkException {
  private static final long serialVersionUID = 1L;

  /** Who answered: a plane id, a NUT server, a CAMARA operator, a Matter controller. */
  private final String source;
  /** The error as the protocol names it. */
  private final String errorCode;
  /** The server's request id, when it sent one. */
  private final @Nullable String requestId;
  /** The server's {@code Retry-After}, when it sent one. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next; never secrets or personal data
   * @param source who answered: a plane id, a remote-call source ({@code camara}), a server's
   *     name or address
   * @param errorCode the error as the remote named it: an HTTP status ({@code "503"}), a
   *     protocol's error name ({@code "ACCESS-DENIED"}) or code
   * @param requestId the remote's id of the request, if it sent one
   * @param retryAfter how long the remote asked to wait before trying again, if it did
   * @param cause the underlying failure, if any
   * @throws NullPointerException if the message, source or error code is null
   */
  public SdkServiceException(String message, String source, String errorCode, @Nullable String requestId,
      @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  /**
   * Who answered with the error.
   *
   * @return a plane id, a remote-call source ({@code camara}, {@code oauth}), or the name of the
   *     server that answered
   */
  public String source() {
    return source;
  }

  /**
   * The error as the remote named it.
   *
   * @return the HTTP status as text ({@code "503"}) for HTTP answers, else the protocol's error
   *     name or code
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The remote's id of the request ({@code X-Request-Id}, {@code x-correlator}), for its logs.
   *
   * @return the id, when the remote sent one
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * How long the remote asked to wait before trying again ({@code Retry-After}).
   *
   * @return the wait, when the remote asked for one
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
