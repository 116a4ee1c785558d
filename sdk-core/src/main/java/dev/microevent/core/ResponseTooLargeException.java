package dev.microevent.core;

/**
 * A plane answered with a success whose body is longer than the client reads. The plane is not
 * blamed (it answered) and the call is not retried (the same request gets the same answer): ask
 * for less, for example a smaller page, or fix the endpoint.
 */
public final class ResponseTooLargeException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** The most bytes the client reads of a body. */
  private final long limit;
  /** Id of the plane that answered. */
  private final String planeId;

  /**
   * Creates the exception.
   *
   * @param limit the most bytes the client reads
   * @param planeId the plane that answered
   */
  public ResponseTooLargeException(long limit, String planeId) {
    super("the answer of plane " + planeId + " is longer than the " + limit + " bytes the client reads; it was not"
        + " read and the call is not retried: ask for less (a smaller page) or fix the endpoint", null);
    this.limit = limit;
    this.planeId = planeId;
  }

  /** {@return the most bytes the client reads of a body} */
  public long limit() {
    return limit;
  }

  /** {@return id of the plane that answered} */
  public String planeId() {
    return planeId;
  }
}
