package dev.microevent.testkit;

/**
 * Entry point for AssertJ-style assertions on the testkit's fakes. Static-import {@code
 * assertThat} next to AssertJ's own.
 *
 * <pre>{@code
 * import static dev.microevent.testkit.TestkitAssertions.assertThat;
 *
 * assertThat(edge).receivedRequests("POST", "/v1/checkout")
 *     .hasSize(2)
 *     .allCarrySameIdempotencyKey();
 * assertThat(central).receivedNoAppRequests();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class TestkitAssertions {
  private TestkitAssertions() {}

  /**
   * Assertions on what a fake received.
   *
   * @param actual the fake
   * @return its assertions
   */
  public static FakeBackendAssert assertThat(FakeBackend actual) {
    return new FakeBackendAssert(actual);
  }
}
