package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request's method is an upper-case token of 3 to 10 letters ({@code [A-Z]{3,10}}), checked by
 * a loop instead of a pattern compiled on every request (an edge plane builds one per forwarded
 * call): the same methods pass and the same are refused.
 */
class EdgeRequestMethodTest {

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "ABCDEFGHIJ"})
  void anUpperCaseTokenOfThreeToTenLetters_isAMethod(String method) {
    assertThat(EdgeRequest.builder(method, "/v1/item").build().method()).isEqualTo(method);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "GE", "get", "Get", "G3T", "GET ", "ABCDEFGHIJK", "PO-ST", "GÉT", "\u0000GET"})
  void anythingElse_isRefusedWithTheSameClearError(String method) {
    assertThatThrownBy(() -> EdgeRequest.builder(method, "/v1/item"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("method must be an upper-case token");
  }
}
