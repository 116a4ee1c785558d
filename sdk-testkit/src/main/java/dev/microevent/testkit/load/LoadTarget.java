package dev.microevent.testkit.load;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import java.util.Objects;

/**
 * Where generated or replayed traffic goes: usually a {@link MicroEventClient}, or any code that
 * sends one request and returns when it is done (throwing on failure). Called concurrently from
 * the generator's worker threads: implementations must be thread-safe.
 *
 * <pre>{@code
 * LoadTarget target = LoadTarget.of(client);
 * LoadTarget custom = (intent, request) -> myHttp.send(request.path());
 * }</pre>
 */
@FunctionalInterface
public interface LoadTarget {

  /**
   * Sends one request and waits for its end.
   *
   * @param intent what the request is for
   * @param request what to send
   * @throws Exception any failure; its type (and error code, for HTTP the status, of an {@code SdkServiceException})
   *     becomes the error kind in the report
   */
  void send(Intent intent, EdgeRequest request) throws Exception;

  /**
   * Sends through a client's {@link MicroEventClient#call}.
   *
   * @param client the client; it stays owned by the caller
   * @return the target
   */
  static LoadTarget of(MicroEventClient client) {
    Objects.requireNonNull(client, "client");
    return (intent, request) -> client.call(intent, request);
  }
}
