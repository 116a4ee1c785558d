package dev.microevent.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP remote (a plane, or a remote called through the SDK's remote-call path) answered with
 * an error status (anything but 2xx). Adds the status and the body to what every {@link
 * SdkServiceException} says; {@link #errorCode()} is the status as text, unless a subclass names
 * the protocol's own code (a CAMARA error code).
 */
public class HttpServiceException extends SdkServiceException {
  private static final long serialVersionUID = 1L;
  /** Longest body excerpt kept in the message. */
  public static final int EXCERPT_CHARS = 256;

  /** The HTTP status. */
  private final int statusCode;
  /** The response body, at most 64 KiB. */
  private final byte[] body;

  /**
   * Creates the exception, with the message {@code HTTP <status> from <source>: <excerpt>}.
   *
   * @param source who answered: the plane's id, or the remote-call source ({@code camara})
   * @param statusCode the HTTP status
   * @param body the response body (the client keeps at most 64 KiB)
   * @param requestId the server's request id header, if any
   * @param retryAfter the server's {@code Retry-After}, if any
   * @throws NullPointerException if the body or source is null
   */
  public HttpServiceException(String source, int statusCode, byte[] body, @Nullable String requestId,
      @Nullable Duration retryAfter) {
    super(describe(statusCode, body, source), source, Integer.toString(statusCode), requestId, retryAfter, null);
    this.statusCode = statusCode;
    this.body = body.clone();
  }

  /**
   * Creates the exception for a subclass that names the error in the protocol above HTTP (a
   * CAMARA error code) and says more in its message.
   *
   * @param message what happened and what to do next; never secrets or personal data
   * @param source who answered
   * @param errorCode the error as the protocol above HTTP names it
   * @param statusCode the HTTP status
   * @param body the response body (the client keeps at most 64 KiB)
   * @param requestId the server's request id header, if any
   * @param retryAfter the server's {@code Retry-After}, if any
   * @throws NullPointerException if the message, body, source or error code is null
   */
  protected HttpServiceException(String message, String source, String errorCode, int statusCode, byte[] body,
      @Nullable String requestId, @Nullable Duration retryAfter) {
    super(message, source, errorCode, requestId, retryAfter, null);
    this.statusCode = statusCode;
    this.body = body.clone();
  }

  private static String describe(int statusCode, byte[] body, String source) {
    String excerpt = excerpt(body);
    return "HTTP " + statusCode + " from " + source + (excerpt.isEmpty() ? "" : ": " + excerpt);
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
  }

  /**
   * The HTTP status.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The body's start, for logs and messages.
   *
   * @return the first {@value #EXCERPT_CHARS} characters of the body, stripped
   */
  public String bodyExcerpt() {
    return excerpt(body);
  }

  /**
   * The response body, for callers that parse error documents.
   *
   * @return a copy of the body (at most 64 KiB)
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Whether a later call may succeed: for 408, 429 and 5xx.
   *
   * @return whether the status is retryable
   */
  @Override
  public boolean isRetryable() {
    return statusCode == 408 || statusCode == 429 || statusCode >= 500;
  }
}
