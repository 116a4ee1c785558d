package dev.microevent.testkit;

/**
 * Computes a fake's answer to one request. Called on the fake's connection thread, possibly
 * concurrently for requests on different connections: implementations must be thread-safe. A
 * responder that throws or returns {@code null} gets the client a {@code 500} (and a WARN log that
 * says why).
 *
 * <pre>{@code
 * backend.route("POST", "/v1/orders", req -> FakeResponse.json(201, Map.of("size", req.bodySize())));
 * }</pre>
 */
@FunctionalInterface
public interface Responder {

  /**
   * Answers a request.
   *
   * @param request what arrived
   * @return the answer
   */
  FakeResponse respond(ReceivedRequest request);

  /**
   * Always the same answer.
   *
   * @param response the answer
   * @return a responder
   */
  static Responder always(FakeResponse response) {
    java.util.Objects.requireNonNull(response, "response");
    return request -> response;
  }
}
