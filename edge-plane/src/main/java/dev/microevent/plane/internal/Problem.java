package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A typed refusal the plane answers with: an HTTP status, an error code and a message, as the
 * {@code Problem} schema of the plane's APIs says ({@code {"error": code, "message": text}}, with
 * {@code problems} for rejected documents). Every parser of outside bytes throws only this.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final List<String> problems;
  private final @Nullable String retryAfterSeconds;

  /**
   * Creates a refusal.
   *
   * @param status the HTTP status
   * @param code the error code, a lower-case token
   * @param message what is wrong and what to do
   * @param problems each problem of a rejected document, if any
   * @param retryAfterSeconds the Retry-After to send, if any
   */
  public Problem(int status, String code, String message, List<String> problems, @Nullable String retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.problems = List.copyOf(problems);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * A 400.
   *
   * @param code the error code
   * @param message the message
   * @return the refusal
   */
  public static Problem badRequest(String code, String message) {
    return new Problem(400, code, message, List.of(), null);
  }

  /**
   * A refusal of any status.
   *
   * @param status the status
   * @param code the error code
   * @param message the message
   * @return the refusal
   */
  public static Problem of(int status, String code, String message) {
    return new Problem(status, code, message, List.of(), null);
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return the error code} */
  public String code() {
    return code;
  }

  /** {@return the problems of a rejected document} */
  public List<String> problems() {
    return problems;
  }

  /** {@return the Retry-After to send, if any} */
  public @Nullable String retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The body.
   *
   * @return the Problem document
   */
  public byte[] body() {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("error", code).put("message", getMessage());
    if (!problems.isEmpty()) {
      ArrayNode list = o.putArray("problems");
      problems.forEach(list::add);
    }
    return PlaneJson.write(o);
  }
}
