package dev.microevent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.ResponseTooLargeException;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.SdkServiceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One classification of how an exchange ended, for calls, health checks, config sync and remotes. */
class OutcomesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T18:00:00Z"), ZoneOffset.UTC);
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private static Transport.Exchange answer(int status, Map<String, List<String>> headers) {
    return new Transport.Exchange(Outcomes.ofStatus(status), status, headers, "busy".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, false);
  }

  private static Transport.Exchange failed(Outcome outcome, Exception e, boolean beforeSend) {
    return new Transport.Exchange(outcome, 0, Map.of(), new byte[0], e, beforeSend);
  }

  @Test
  void statusesMapToOutcomes() {
    assertThat(Outcomes.ofStatus(200)).isEqualTo(Outcome.SUCCESS);
    assertThat(Outcomes.ofStatus(304)).isEqualTo(Outcome.SUCCESS);
    assertThat(Outcomes.ofStatus(503)).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(Outcomes.ofStatus(429)).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(Outcomes.ofStatus(408)).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(Outcomes.ofStatus(404)).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(Outcomes.ofStatus(302)).isEqualTo(Outcome.CLIENT_ERROR);
  }

  @Test
  void failuresWithoutAnAnswerMapToTimeoutsOrConnectionFailures() {
    assertThat(Outcomes.ofFailure(new SocketTimeoutException(), false)).isEqualTo(Outcome.TIMEOUT);
    assertThat(Outcomes.ofFailure(new IOException("Canceled"), true)).isEqualTo(Outcome.TIMEOUT);
    assertThat(Outcomes.ofFailure(new ConnectException("refused"), false)).isEqualTo(Outcome.CONNECTION_FAILURE);
  }

  @Test
  void anErrorStatusIsAServiceException_withItsRetryAfter_retryableWhenTheServerFailed() {
    Outcomes.Classified c = Outcomes.classify(answer(503, Map.of("retry-after", List.of("7"),
        "x-request-id", List.of("r-1"))), "camara", "camara", SECOND, 10 * SECOND, CLOCK);

    assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(c.retryable()).isTrue();
    assertThat(c.failure()).isInstanceOfSatisfying(HttpServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(503);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
      assertThat(e.requestId()).contains("r-1");
      assertThat(e.source()).isEqualTo("camara");
    });
    assertThat(Outcomes.classify(answer(404, Map.of()), "edge-a", "plane edge-a", SECOND, SECOND, CLOCK).retryable())
        .isFalse();
  }

  @Test
  void aTimeoutIsRetryable_unlessItWasTheDeadline() {
    Transport.Exchange timedOut = failed(Outcome.TIMEOUT, new SocketTimeoutException(), false);

    Outcomes.Classified attempt = Outcomes.classify(timedOut, "edge-a", "plane edge-a", SECOND, 5 * SECOND, CLOCK);
    Outcomes.Classified deadline = Outcomes.classify(timedOut, "edge-a", "plane edge-a", SECOND, SECOND, CLOCK);

    assertThat(attempt.retryable()).isTrue();
    assertThat(attempt.failure()).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("attempt timed out")
        .hasMessageContaining("plane edge-a");
    assertThat(deadline.retryable()).isFalse();
    assertThat(deadline.failure()).hasMessageContaining("call deadline reached");
  }

  @Test
  void aConnectionFailureSaysWhetherTheRequestLeft() {
    Outcomes.Classified c = Outcomes.classify(failed(Outcome.CONNECTION_FAILURE, new ConnectException("refused"), true),
        "edge-a", "plane edge-a", SECOND, SECOND, CLOCK);

    assertThat(c.failure()).isInstanceOf(ConnectionFailedException.class)
        .hasMessageStartingWith("could not connect to plane edge-a");
    assertThat(c.retryable()).isTrue();
  }

  @Test
  void anOversizedAnswerIsTheRequestsProblem_notRetried_notTheRemotes() {
    Outcomes.Classified c = Outcomes.classify(failed(Outcome.CLIENT_ERROR, new Transport.BodyTooLargeException(16),
        false), "edge-a", "plane edge-a", SECOND, SECOND, CLOCK);

    assertThat(c.failure()).isInstanceOf(ResponseTooLargeException.class);
    assertThat(c.retryable()).isFalse();
    assertThat(Outcomes.isRemoteFailure(c.outcome())).isFalse();
    assertThat(Outcomes.isAnswer(c.outcome())).isTrue();
  }

  @Test
  void anInterruptedCallerIsCancelled_neitherRetriedNorHeldAgainstTheRemote() {
    Outcomes.Classified c = Outcomes.classify(failed(Outcome.CANCELLED, new IOException("interrupted"), false),
        "edge-a", "plane edge-a", SECOND, SECOND, CLOCK);

    assertThat(c.failure()).isInstanceOf(SdkClientException.class).hasMessageContaining("interrupted");
    assertThat(c.retryable()).isFalse();
    assertThat(Outcomes.isRemoteFailure(Outcome.CANCELLED)).isFalse();
    assertThat(Outcomes.isAnswer(Outcome.CANCELLED)).isFalse();
  }

  @Test
  void localRefusalsMapToTheirOutcomes() {
    assertThat(Outcomes.of(new CallRejectedException(CallRejectedException.Reason.BULKHEAD_FULL, "full")))
        .isEqualTo(Outcome.REJECTED);
    assertThat(Outcomes.of(new NoRouteException(NoRouteException.Reason.PLANES_EXHAUSTED, "none", null)))
        .isEqualTo(Outcome.NO_ROUTE);
    assertThat(Outcomes.of(new HttpServiceException("edge-a", 429, new byte[0], null, null)))
        .isEqualTo(Outcome.SERVER_ERROR);
  }

  @Test
  void aServiceErrorInAnotherProtocol_isAnAnswer_judgedByItsOwnRetryability() {
    SdkServiceException refused = new SdkServiceException("upsd refused", "upsd 10.0.0.5:3493", "ACCESS-DENIED", null,
        null, null);
    SdkServiceException busy = new SdkServiceException("controller busy", "matter", "BUSY", "r-7",
        Duration.ofSeconds(2), null) {
      @Override
      public boolean isRetryable() {
        return true;
      }
    };

    assertThat(Outcomes.of(refused)).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(Outcomes.of(busy)).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(busy.requestId()).contains("r-7");
    assertThat(busy.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anHttpErrorNamesItsStatusAsErrorCode_andItsSourceInTheMessage() {
    HttpServiceException e = new HttpServiceException("camara", 503,
        "busy".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null);

    assertThat(e.errorCode()).isEqualTo("503");
    assertThat(e.source()).isEqualTo("camara");
    assertThat(e.getMessage()).isEqualTo("HTTP 503 from camara: busy");
    assertThat(e.bodyExcerpt()).isEqualTo("busy");
  }
}
