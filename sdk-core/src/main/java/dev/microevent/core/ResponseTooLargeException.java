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
  /** Who answered: a plane id or a remote-call source, as {@link SdkServiceException#source()}. */
  private final String source;

  /**
   * Creates the exception.
   *
   * @param source who answered: the plane's id, or the remote-call source ({@code camara})
   * @param limit the most bytes the client reads
   */
  public ResponseTooLargeException(String source, long limit) {
    super("the answer of " + source + " is longer than the " + limit + " bytes the client reads; it was not"
        + " read and the call is not retried: ask for less (a smaller page) or fix the endpoint", null);
    this.source = source;
    this.limit = limit;
  }

  /** {@return the most bytes the client reads of a body} */
  public long limit() {
    return limit;
  }

  /**
   * Who answered, as {@link SdkServiceException#source()} names it.
   *
   * @return a plane id, or a remote-call source ({@code camara}, {@code oauth})
   */
  public String source() {
    return source;
  }
}
