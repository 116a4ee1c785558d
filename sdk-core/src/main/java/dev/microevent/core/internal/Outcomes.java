package dev.microevent.core.internal;

import dev.microevent.core.CallRejectedException;
import dev.microevent.core.ConnectionFailedException;
import dev.microevent.core.DeadlineExceededException;
import dev.microevent.core.NoRouteException;
import dev.microevent.core.Outcome;
import dev.microevent.core.ResponseTooLargeException;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.SdkException;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.ShedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The one classification of how a remote exchange ended: from an HTTP status or an exception to
 * its {@link Outcome}, the typed {@link SdkException} a caller sees, and whether it may be retried.
 * The call pipeline, health checks, config sync and {@link dev.microevent.core.spi.RemoteCalls}
 * all read exchanges through it, and the breaker, outlier detection and the error budgets judge
 * outcomes with its predicates, so "what counts as a failure" has one answer.
 */
public final class Outcomes {
  private Outcomes() {}

  /**
   * One exchange, classified.
   *
   * @param outcome how it ended
   * @param failure what the caller sees, or {@code null} on success
   * @param retryable whether the call may try again (another attempt, another plane)
   */
  public record Classified(Outcome outcome, @Nullable SdkException failure, boolean retryable) {}

  /** What {@link #classify} makes of every successful exchange. */
  static final Classified SUCCEEDED = new Classified(Outcome.SUCCESS, null, false);

  /**
   * The outcome of an answer's status.
   *
   * @param status an HTTP status
   * @return SUCCESS for 2xx and 304; SERVER_ERROR for 5xx, 408 and 429; CLIENT_ERROR otherwise
   */
  public static Outcome ofStatus(int status) {
    if ((status >= 200 && status < 300) || status == 304) {
      return Outcome.SUCCESS;
    }
    if (status >= 500 || status == 408 || status == 429) {
      return Outcome.SERVER_ERROR;
    }
    return Outcome.CLIENT_ERROR;
  }

  /**
   * The outcome of an exchange that produced no usable answer.
   *
   * @param failure what the HTTP client threw
   * @param cancelled whether the exchange was cancelled (its timeout passed)
   * @return CANCELLED when the calling thread is interrupted (the app gave the call up: not the
   *     remote's doing), TIMEOUT for a timeout or cancellation, else CONNECTION_FAILURE
   */
  static Outcome ofFailure(Exception failure, boolean cancelled) {
    if (Thread.currentThread().isInterrupted()) {
      // The app interrupted its own thread (Future.cancel(true), shutdownNow): not the remote's doing.
      return Outcome.CANCELLED;
    }
    if (failure instanceof SocketTimeoutException || cancelled
        || (failure instanceof InterruptedIOException && "timeout".equals(failure.getMessage()))) {
      return Outcome.TIMEOUT;
    }
    return Outcome.CONNECTION_FAILURE;
  }

  /**
   * The outcome a failure the caller sees stands for (a refusal, a deadline, an answer).
   *
   * @param failure the failure
   * @return its outcome
   */
  public static Outcome of(SdkException failure) {
    if (failure instanceof ShedException) {
      return Outcome.SHED;
    }
    if (failure instanceof CallRejectedException) {
      return Outcome.REJECTED;
    }
    if (failure instanceof NoRouteException) {
      return Outcome.NO_ROUTE;
    }
    if (failure instanceof DeadlineExceededException) {
      return Outcome.TIMEOUT;
    }
    if (failure instanceof ResponseTooLargeException) {
      return Outcome.CLIENT_ERROR;
    }
    if (failure instanceof HttpServiceException http) {
      return ofStatus(http.statusCode());
    }
    if (failure instanceof SdkServiceException service) { // an answer in another protocol: its own verdict
      return service.isRetryable() ? Outcome.SERVER_ERROR : Outcome.CLIENT_ERROR;
    }
    return Outcome.CONNECTION_FAILURE;
  }

  /**
   * Whether the remote side failed: what outlier detection holds against a plane, what the breaker
   * counts as a failure and the anomaly detector as an error.
   *
   * @param outcome an outcome
   * @return true for SERVER_ERROR, TIMEOUT and CONNECTION_FAILURE
   */
  public static boolean isRemoteFailure(Outcome outcome) {
    return outcome == Outcome.SERVER_ERROR || outcome == Outcome.TIMEOUT || outcome == Outcome.CONNECTION_FAILURE;
  }

  /**
   * Whether the remote answered as it should have (the breaker's success): a 2xx, or a 4xx that
   * was the request's own fault.
   *
   * @param outcome an outcome
   * @return true for SUCCESS and CLIENT_ERROR
   */
  public static boolean isAnswer(Outcome outcome) {
    return outcome == Outcome.SUCCESS || outcome == Outcome.CLIENT_ERROR;
  }

  /**
   * Whether an attempt that ended so may be tried again.
   *
   * @param outcome the attempt's outcome
   * @param deadlineReached whether its timeout was the call's deadline
   * @return true for SERVER_ERROR and CONNECTION_FAILURE, and TIMEOUT before the deadline
   */
  public static boolean retryable(Outcome outcome, boolean deadlineReached) {
    return switch (outcome) {
      case SERVER_ERROR, CONNECTION_FAILURE -> true;
      case TIMEOUT -> !deadlineReached;
      default -> false;
    };
  }

  /**
   * Classifies one exchange.
   *
   * @param ex what happened
   * @param source who was asked: a plane id, or a remote's name ("camara")
   * @param described how messages name it ("plane edge-a", "camara")
   * @param attemptNanos the exchange's timeout
   * @param remainingNanos the time the call had left when it started (the timeout was the
   *     deadline when {@code attemptNanos >= remainingNanos})
   * @param clock what "now" is for a {@code Retry-After} date
   * @return the outcome, the failure (null on success) and whether it may be retried
   */
  static Classified classify(Transport.Exchange ex, String source, String described, long attemptNanos,
      long remainingNanos, Clock clock) {
    Outcome outcome = ex.outcome();
    if (outcome == Outcome.SUCCESS) {
      return SUCCEEDED;
    }
    boolean deadlineReached = attemptNanos >= remainingNanos;
    Exception cause = ex.failure();
    SdkException failure;
    if (cause instanceof Transport.BodyTooLargeException tooLarge) {
      failure = new ResponseTooLargeException(source, tooLarge.limit());
    } else {
      failure = switch (outcome) {
        case SERVER_ERROR, CLIENT_ERROR -> new HttpServiceException(source, ex.status(), ex.body(),
            ex.header("x-request-id"), RetryAfter.parse(ex.header("retry-after"), clock));
        case CANCELLED -> new SdkClientException("the calling thread was interrupted; the exchange with "
            + described + " was cancelled and the call is not retried", cause);
        case TIMEOUT -> new DeadlineExceededException(
            (deadlineReached ? "call deadline reached" : "attempt timed out")
                + " after " + Duration.ofNanos(attemptNanos).toMillis() + " ms on " + described,
            Duration.ofNanos(attemptNanos), cause);
        default -> new ConnectionFailedException(
            (ex.beforeSend() ? "could not connect to " : "connection failed mid-exchange with ")
                + described + " (" + describe(cause) + ")", cause);
      };
    }
    return new Classified(outcome, failure, retryable(outcome, deadlineReached));
  }

  /** A throwable's class and message, for an exception's message. */
  static String describe(@Nullable Throwable t) {
    if (t == null) {
      return "unknown";
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** Whether a failure happened before the request could reach the server. */
  static boolean beforeSend(IOException e) {
    return e instanceof java.net.ConnectException || e instanceof java.net.NoRouteToHostException
        || e instanceof java.net.UnknownHostException;
  }
}
