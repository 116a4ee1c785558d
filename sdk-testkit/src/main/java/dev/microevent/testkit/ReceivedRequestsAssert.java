package dev.microevent.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a list of received requests (every attempt is one element). Not thread-safe.
 *
 * <pre>{@code
 * assertThat(edge).receivedRequests("POST", "/v1/checkout")
 *     .hasSize(3)
 *     .allCarrySameIdempotencyKey()
 *     .haveIdempotencyKeys("k-1", "k-1", "k-1");
 * }</pre>
 */
public final class ReceivedRequestsAssert extends AbstractAssert<ReceivedRequestsAssert, List<ReceivedRequest>> {
  private final String what;

  ReceivedRequestsAssert(List<ReceivedRequest> actual, String what) {
    super(List.copyOf(actual), ReceivedRequestsAssert.class);
    this.what = what;
  }

  /** {@return the requests under test, for custom checks} */
  public List<ReceivedRequest> requests() {
    return actual;
  }

  /**
   * Asserts the number of requests.
   *
   * @param expected the count
   * @return this assert
   */
  public ReceivedRequestsAssert hasSize(int expected) {
    if (actual.size() != expected) {
      failWithMessage("expected %d %s but got %d:%n%s", expected, what, actual.size(), list());
    }
    return this;
  }

  /**
   * Asserts at least this many requests.
   *
   * @param atLeast the minimum
   * @return this assert
   */
  public ReceivedRequestsAssert hasSizeAtLeast(int atLeast) {
    if (actual.size() < atLeast) {
      failWithMessage("expected at least %d %s but got %d:%n%s", atLeast, what, actual.size(), list());
    }
    return this;
  }

  /**
   * Asserts there were none.
   *
   * @return this assert
   */
  public ReceivedRequestsAssert isEmpty() {
    return hasSize(0);
  }

  /**
   * Asserts every request carried an {@code Idempotency-Key}.
   *
   * @return this assert
   */
  public ReceivedRequestsAssert allCarryIdempotencyKey() {
    for (ReceivedRequest r : actual) {
      if (r.idempotencyKey().isEmpty()) {
        failWithMessage("expected every one of the %s to carry an Idempotency-Key but %s did not", what, r);
      }
    }
    return this;
  }

  /**
   * Asserts there was at least one request and every one carried the same {@code Idempotency-Key}
   * (the retries of one logical call).
   *
   * @return this assert
   */
  public ReceivedRequestsAssert allCarrySameIdempotencyKey() {
    if (actual.isEmpty()) {
      failWithMessage("expected %s carrying one Idempotency-Key but there were none", what);
    }
    allCarryIdempotencyKey();
    List<String> keys = keys();
    if (keys.stream().distinct().count() != 1) {
      failWithMessage("expected the %s to carry one Idempotency-Key but they carried %s", what, keys);
    }
    return this;
  }

  /**
   * Asserts the {@code Idempotency-Key} of each request, in order ({@code ""} for none).
   *
   * @param expected the keys
   * @return this assert
   */
  public ReceivedRequestsAssert haveIdempotencyKeys(String... expected) {
    List<String> keys = keys();
    if (!keys.equals(Arrays.asList(expected))) {
      failWithMessage("expected the %s to carry Idempotency-Keys %s but they carried %s", what,
          Arrays.asList(expected), keys);
    }
    return this;
  }

  /**
   * Asserts every request had a header with a value.
   *
   * @param name header name
   * @param value expected value
   * @return this assert
   */
  public ReceivedRequestsAssert allHaveHeader(String name, String value) {
    for (ReceivedRequest r : actual) {
      Optional<String> v = r.header(name);
      if (v.isEmpty() || !v.get().equals(value)) {
        failWithMessage("expected every one of the %s to have %s: %s but %s had %s", what, name, value, r,
            v.orElse("none"));
      }
    }
    return this;
  }

  /**
   * Asserts every request body contained a text.
   *
   * @param text the expected fragment
   * @return this assert
   */
  public ReceivedRequestsAssert allHaveBodyContaining(String text) {
    for (ReceivedRequest r : actual) {
      if (!r.bodyText().contains(text)) {
        failWithMessage("expected every body of the %s to contain '%s' but %s did not", what, text, r);
      }
    }
    return this;
  }

  /**
   * Asserts how many requests a fault hit.
   *
   * @param expected the count
   * @return this assert
   */
  public ReceivedRequestsAssert hasFaultedCount(int expected) {
    long n = actual.stream().filter(r -> !r.fault().isEmpty()).count();
    if (n != expected) {
      failWithMessage("expected %d of the %s to be hit by a fault but %d were:%n%s", expected, what, n, list());
    }
    return this;
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (ReceivedRequest r : actual) {
      keys.add(r.idempotencyKey().orElse(""));
    }
    return keys;
  }

  private String list() {
    return actual.stream().map(r -> "  " + r).collect(Collectors.joining(System.lineSeparator()));
  }
}
