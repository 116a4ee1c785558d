package dev.microevent.testkit;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a fake received; get one from {@link TestkitAssertions#assertThat(FakeBackend)}.
 * Not thread-safe (like every AssertJ assert); the fake may still be receiving.
 */
public final class FakeBackendAssert extends AbstractAssert<FakeBackendAssert, FakeBackend> {

  FakeBackendAssert(FakeBackend actual) {
    super(actual, FakeBackendAssert.class);
  }

  /**
   * Narrows to the requests with a method and exact path (query ignored).
   *
   * @param method HTTP method
   * @param path exact path
   * @return assertions on them, oldest first
   */
  public ReceivedRequestsAssert receivedRequests(String method, String path) {
    isNotNull();
    return new ReceivedRequestsAssert(actual.requests(method, path), method + " " + path + " on " + actual.name());
  }

  /**
   * Narrows to app traffic: every request except the edge-plane API ({@code /edge/v1/...}).
   *
   * @return assertions on them, oldest first
   */
  public ReceivedRequestsAssert receivedAppRequests() {
    isNotNull();
    List<ReceivedRequest> app = new ArrayList<>();
    for (ReceivedRequest r : actual.requests()) {
      if (!r.isEdgeApi()) {
        app.add(r);
      }
    }
    return new ReceivedRequestsAssert(app, "app requests on " + actual.name());
  }

  /**
   * Asserts that no app traffic arrived (heartbeats and config fetches may have).
   *
   * @return this assert
   */
  public FakeBackendAssert receivedNoAppRequests() {
    receivedAppRequests().isEmpty();
    return this;
  }

  /**
   * Asserts that at least this many heartbeats arrived.
   *
   * @param atLeast the minimum
   * @return this assert
   */
  public FakeBackendAssert receivedHeartbeats(int atLeast) {
    isNotNull();
    int n = actual.requests("POST", FakePlane.HEARTBEAT_PATH).size();
    if (n < atLeast) {
      failWithMessage("expected %s to receive at least %d heartbeats but it received %d", actual.name(), atLeast, n);
    }
    return this;
  }
}
