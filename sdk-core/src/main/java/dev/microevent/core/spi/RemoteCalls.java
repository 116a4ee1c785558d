package dev.microevent.core.spi;

import dev.microevent.core.ClientClosedException;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.ResponseTooLargeException;
import dev.microevent.core.SdkClientException;
import java.net.URI;
import java.time.Duration;

/**
 * Core's service-call path for HTTP remotes that are not planes (an operator's CAMARA API, an
 * OAuth server): one exchange on the client's shared connection pool, with the client's body
 * limits, outcome classification, timing and meters ({@code microevent.remote.calls}, tagged
 * {@code source}, {@code outcome}, {@code status}). No routing, retry or breaker: the module
 * decides those. OkHttp's own retries and redirects are off, as for plane calls. For SDK modules
 * and extensions; apps do not need it.
 *
 * <p>Thread-safe.
 */
public interface RemoteCalls {

  /**
   * Runs one exchange.
   *
   * @param source who is called, a short metric tag and the name failures carry: {@code camara},
   *     {@code oauth} (lower case, digits, {@code _.-}, at most 32 characters)
   * @param base the remote's absolute http(s) base URI; the request's path (and query) is
   *     resolved below its path
   * @param request method, path, headers and body, sent as given (no trace context, no
   *     idempotency key of the client's own)
   * @param timeout the longest the whole exchange may take; it is cancelled after
   * @return the 2xx (or 304) answer, {@link EdgeResponse#planeId()} being the source
   * @throws HttpServiceException if the remote answered with an error status (status, body,
   *     {@code Retry-After}, request id)
   * @throws ResponseTooLargeException if a 2xx body is longer than the client reads
   * @throws DeadlineExceededException if the timeout passed
   * @throws ConnectionFailedException if the exchange failed on the wire
   * @throws SdkClientException if the calling thread was interrupted
   * @throws ClientClosedException if the client was closed
   * @throws IllegalArgumentException if the source, base or timeout is malformed
   */
  EdgeResponse execute(String source, URI base, EdgeRequest request, Duration timeout);
}
