package dev.microevent.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The remote answered with an error status (anything but 2xx). Carries the status, a bounded
 * excerpt of the body, and the server's {@code Retry-After} and request id when given.
 */
public class SdkServiceException extends SdkException {
  private static final long serialVersionUID = 1L;
  /** Longest body excerpt kept in the message. */
  public static final int EXCERPT_CHARS = 256;

  private final int statusCode;
  private final byte[] body;
  private final @Nullable Duration retryAfter;
  private final @Nullable String requestId;
  private final String planeId;

  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status
   * @param body the response body (the client keeps at most 64 KiB)
   * @param retryAfter the server's {@code Retry-After}, if any
   * @param requestId the server's request id header, if any
   * @param planeId the plane that answered
   */
  public SdkServiceException(
      int statusCode,
      byte[] body,
      @Nullable Duration retryAfter,
      @Nullable String requestId,
      String planeId) {
    super(describe(statusCode, body, planeId), null);
    this.statusCode = statusCode;
    this.body = body.clone();
    this.retryAfter = retryAfter;
    this.requestId = requestId;
    this.planeId = planeId;
  }

  private static String describe(int statusCode, byte[] body, String planeId) {
    return "HTTP " + statusCode + " from plane " + planeId + excerptSuffix(body);
  }

  private static String excerptSuffix(byte[] body) {
    String excerpt = excerpt(body);
    return excerpt.isEmpty() ? "" : ": " + excerpt;
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /** The first {@value #EXCERPT_CHARS} characters of the body, for logs and messages. */
  public String bodyExcerpt() {
    return excerpt(body);
  }

  /** The response body (at most 64 KiB), for callers that parse error documents. */
  public byte[] body() {
    return body.clone();
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The server's request id ({@code X-Request-Id}), when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Id of the plane that answered. */
  public String planeId() {
    return planeId;
  }

  @Override
  public boolean isRetryable() {
    return statusCode == 408 || statusCode == 429 || statusCode >= 500;
  }
}
