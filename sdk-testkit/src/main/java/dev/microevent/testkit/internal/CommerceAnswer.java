package dev.microevent.testkit.internal;

import java.util.Map;

/** One answer of the fake commerce backend: status, headers and body, before a plane writes it. */
public final class CommerceAnswer {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param headers the headers by name
   * @param body the body, never modified
   */
  public CommerceAnswer(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return the headers by name} */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return the body; callers must not modify it} */
  public byte[] body() {
    return body;
  }
}
